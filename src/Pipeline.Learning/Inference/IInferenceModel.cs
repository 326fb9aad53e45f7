namespace Pipeline.Learning.Inference;

/// <summary>A loaded model that answers SageMaker runtime invocations.</summary>
public interface IInferenceModel : IDisposable
{
    /// <summary>The algorithm that produced the model, e.g. "XGBoost".</summary>
    string Algorithm { get; }

    /// <summary>
    /// Predicts for the request body. <paramref name="contentType"/> is the request's Content-Type (text/csv rows
    /// without the label, text/libsvm, application/json); <paramref name="accept"/> the Accept header (null, "*/*",
    /// text/csv, application/json, application/jsonlines).
    /// </summary>
    /// <exception cref="InferenceException">The request is invalid; the message names the row and value.</exception>
    InferenceResponse Invoke(string contentType, string? accept, ReadOnlyMemory<byte> body);
}

/// <summary>The body and Content-Type of an invocation's response.</summary>
public sealed record InferenceResponse(string ContentType, byte[] Body);
