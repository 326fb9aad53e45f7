using System.Text.Json;
using Pipeline.Learning.Internal.XGBoost;

namespace Pipeline.Learning.Inference.Internal;

/// <summary>An XGBoost booster answering invocations in the SageMaker XGBoost 1.7-1 container's formats.</summary>
internal sealed class XGBoostInferenceModel : IInferenceModel
{
    private readonly Booster _booster;
    private readonly Lock _gate = new();

    private XGBoostInferenceModel(Booster booster, long featureCount, string objective)
    {
        _booster = booster;
        FeatureCount = featureCount;
        Objective = objective;
    }

    public string Algorithm => "XGBoost";

    public long FeatureCount { get; }

    public string Objective { get; }

    public static XGBoostInferenceModel Load(string path)
    {
        var booster = Booster.Load(path);
        try
        {
            booster.SetParameter("nthread", "1");
            using var config = JsonDocument.Parse(booster.SaveJsonConfig());
            var objective = config.RootElement.GetProperty("learner").GetProperty("objective").GetProperty("name").GetString() ?? "reg:squarederror";
            return new XGBoostInferenceModel(booster, booster.FeatureCount(), objective);
        }
        catch
        {
            booster.Dispose();
            throw;
        }
    }

    public InferenceResponse Invoke(string contentType, string? accept, ReadOnlyMemory<byte> body)
    {
        ArgumentNullException.ThrowIfNull(contentType);
        var mediaType = PredictionEncoder.ResolveAccept(accept);
        if (body.IsEmpty || body.Span.Trim(" \t\r\n"u8).IsEmpty)
        {
            return new InferenceResponse(mediaType, []);
        }

        var payload = InferencePayload.Parse(contentType, body.Span, FeatureCount);
        using var matrix = payload.Sparse is not null
            ? DMatrix.FromSparse(payload.Sparse, payload.Columns)
            : DMatrix.FromDense(payload.Dense!, payload.Rows, payload.Columns);

        float[] values;
        long[] shape;
        lock (_gate)
        {
            (values, shape) = _booster.Predict(matrix);
        }

        var width = shape.Length > 1 ? (int)shape[1] : 1;
        return new InferenceResponse(mediaType, PredictionEncoder.Encode(values, payload.Rows, width, mediaType));
    }

    public void Dispose() => _booster.Dispose();
}
