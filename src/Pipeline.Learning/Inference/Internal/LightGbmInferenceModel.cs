using System.Globalization;
using System.Text;
using Pipeline.Learning.Internal.LightGbm;

namespace Pipeline.Learning.Inference.Internal;

/// <summary>
/// A LightGBM model answering invocations. Requests are text/csv rows without the label (or the JSON forms XGBoost
/// takes). Responses use the common format of SageMaker's built-in algorithms: text/csv has one line per row (the
/// score, or the class probabilities), application/json is {"predictions": [{"score": ..., "predicted_label": ...}]}.
/// </summary>
internal sealed class LightGbmInferenceModel : IInferenceModel
{
    private readonly LightGbmBooster _booster;
    private readonly Lock _gate = new();
    private readonly int _features;
    private readonly int _classes;
    private readonly bool _classification;

    private LightGbmInferenceModel(LightGbmBooster booster, bool classification)
    {
        _booster = booster;
        _features = booster.FeatureCount();
        _classes = booster.ClassCount();
        _classification = classification;
    }

    public string Algorithm => "LightGBM";

    public static LightGbmInferenceModel Load(string path)
    {
        var objective = File.ReadLines(path).FirstOrDefault(line => line.StartsWith("objective=", StringComparison.Ordinal)) ?? "objective=regression";
        var booster = LightGbmBooster.Load(path);
        return new LightGbmInferenceModel(booster, objective.StartsWith("objective=binary", StringComparison.Ordinal) || objective.StartsWith("objective=multiclass", StringComparison.Ordinal));
    }

    public InferenceResponse Invoke(string contentType, string? accept, ReadOnlyMemory<byte> body)
    {
        ArgumentNullException.ThrowIfNull(contentType);
        var mediaType = PredictionEncoder.ResolveAccept(accept);
        if (body.IsEmpty || body.Span.Trim(" \t\r\n"u8).IsEmpty)
        {
            return new InferenceResponse(mediaType, []);
        }

        var payload = InferencePayload.Parse(contentType, body.Span, _features);
        var dense = payload.Dense ?? Densify(payload);
        double[] output;
        lock (_gate)
        {
            output = _booster.Predict(dense, payload.Rows, _features);
        }

        var width = output.Length / payload.Rows;
        return new InferenceResponse(mediaType, Encode(output, payload.Rows, width, mediaType));
    }

    public void Dispose() => _booster.Dispose();

    private byte[] Encode(double[] output, int rows, int width, string mediaType)
    {
        var builder = new StringBuilder();
        if (mediaType == PredictionEncoder.Csv)
        {
            for (var row = 0; row < rows; row++)
            {
                builder.AppendJoin(',', Enumerable.Range(0, width).Select(column => PythonFloat.Format(output[(row * width) + column]))).Append('\n');
            }

            return Encoding.UTF8.GetBytes(builder.ToString());
        }

        var records = Enumerable.Range(0, rows).Select(row =>
        {
            var values = output.AsSpan(row * width, width).ToArray();
            var score = width == 1 ? PythonFloat.FormatJson(values[0]) : "[" + string.Join(", ", values.Select(PythonFloat.FormatJson)) + "]";
            if (!_classification)
            {
                return $"{{\"score\": {score}}}";
            }

            var label = values[0] > 0.5 ? 1 : 0;
            if (width > 1)
            {
                label = Array.IndexOf(values, values.Max());
            }

            return string.Create(CultureInfo.InvariantCulture, $"{{\"score\": {score}, \"predicted_label\": {label}}}");
        });
        return Encoding.UTF8.GetBytes(mediaType == PredictionEncoder.Json
            ? "{\"predictions\": [" + string.Join(", ", records) + "]}"
            : string.Concat(records.Select(record => record + "\n")));
    }

    private float[] Densify(InferencePayload payload)
    {
        var sparse = payload.Sparse!;
        var dense = new float[payload.Rows * _features];
        Array.Fill(dense, float.NaN);
        for (var row = 0; row < payload.Rows; row++)
        {
            for (var i = (int)sparse.RowPointers[row]; i < (int)sparse.RowPointers[row + 1]; i++)
            {
                dense[(row * _features) + (int)sparse.Indices[i]] = sparse.Values[i];
            }
        }

        return dense;
    }
}
