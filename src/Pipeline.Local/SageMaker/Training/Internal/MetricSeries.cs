using System.Text.Json.Nodes;

namespace Pipeline.Local.SageMaker.Training;

/// <summary>The per-round values of every metric of one job, safe to append from the training thread while read.</summary>
internal sealed class MetricSeries
{
    private readonly Dictionary<string, List<MetricPoint>> _series = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public void Add(string metricName, MetricPoint point)
    {
        lock (_gate)
        {
            if (!_series.TryGetValue(metricName, out var points))
            {
                points = [];
                _series[metricName] = points;
            }

            points.Add(point);
        }
    }

    public IReadOnlyDictionary<string, IReadOnlyList<MetricPoint>> Snapshot()
    {
        lock (_gate)
        {
            return _series.ToDictionary(pair => pair.Key, pair => (IReadOnlyList<MetricPoint>)pair.Value.ToList(), StringComparer.Ordinal);
        }
    }

    public JsonObject ToJson(string trainingJobName)
    {
        var metrics = new JsonObject();
        foreach (var (name, points) in Snapshot())
        {
            var array = new JsonArray();
            foreach (var point in points.Where(point => double.IsFinite(point.Value)))
            {
                array.Add(new JsonObject
                {
                    ["Round"] = point.Round,
                    ["Timestamp"] = SageMakerRequest.ToEpochSeconds(point.Timestamp),
                    ["Value"] = point.Value,
                });
            }

            metrics[name] = array;
        }

        return new JsonObject { ["TrainingJobName"] = trainingJobName, ["Metrics"] = metrics };
    }

    public static MetricSeries FromJson(JsonObject document)
    {
        var series = new MetricSeries();
        if (document["Metrics"] is JsonObject metrics)
        {
            foreach (var (name, node) in metrics)
            {
                foreach (var point in node!.AsArray())
                {
                    var timestamp = DateTimeOffset.UnixEpoch.AddTicks((long)((decimal)point!["Timestamp"]! * TimeSpan.TicksPerSecond));
                    series.Add(name, new MetricPoint((int)point["Round"]!, timestamp, (double)point["Value"]!));
                }
            }
        }

        return series;
    }
}
