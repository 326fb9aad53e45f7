namespace Pipeline.Learning.Inference;

/// <summary>
/// A client error in an invocation. <see cref="StatusCode"/> is the HTTP status the SageMaker XGBoost container
/// returns for it: 400 for a body it cannot evaluate, 415 for an unsupported Content-Type, 406 for an
/// unsupported Accept.
/// </summary>
public sealed class InferenceException : Exception
{
    public InferenceException()
    {
    }

    public InferenceException(string message)
        : base(message)
    {
    }

    public InferenceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public InferenceException(string message, int statusCode)
        : base(message) => StatusCode = statusCode;

    /// <summary>The HTTP status code for the response.</summary>
    public int StatusCode { get; } = 400;
}
