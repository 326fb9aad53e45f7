using System.Text.Json.Nodes;
using Pipeline.Aws.CloudWatch;

namespace Pipeline.Functions.RunawayJobs;

public sealed partial class Function
{
    /// <summary>Publishes the runtime of the oldest running job of each kind, 0 for a kind with none.</summary>
    private async Task<JsonObject> MeasureAsync(CancellationToken cancellationToken)
    {
        var jobs = await ListRunningJobsAsync(cancellationToken).ConfigureAwait(false);
        var now = _timeProvider.GetUtcNow();
        var data = new List<MetricDatum>();
        var metrics = new JsonObject();
        var counts = new JsonObject();
        foreach (var kind in Enum.GetValues<RunningJobKind>())
        {
            var ofKind = jobs.Where(job => job.Kind == kind).ToList();
            var oldest = ofKind.Count == 0 ? 0 : Math.Round(ofKind.Max(job => job.AgeAt(now)).TotalSeconds);
            var name = RunawayMetrics.NameOf(kind);
            data.Add(new MetricDatum { MetricName = name, Value = oldest, Unit = StandardUnit.Seconds, Timestamp = now });
            metrics[name] = oldest;
            counts[kind.ToString()] = ofKind.Count;
        }

        await _cloudWatch.Value.PutMetricDataAsync(new PutMetricDataRequest { Namespace = _options.MetricNamespace!, MetricData = data }, cancellationToken).ConfigureAwait(false);
        Log.RunawayMeasured(
            _logger,
            _options.MetricNamespace!,
            (double)metrics[RunawayMetrics.OldestExecutionAgeSeconds]!,
            (double)metrics[RunawayMetrics.OldestTrainingJobAgeSeconds]!,
            (double)metrics[RunawayMetrics.OldestTuningJobAgeSeconds]!,
            jobs.Count);
        return new JsonObject
        {
            ["action"] = "measure",
            ["namespace"] = _options.MetricNamespace,
            ["timestamp"] = now.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["metrics"] = metrics,
            ["running"] = counts,
        };
    }
}
