namespace Pipeline.Learning;

/// <summary>
/// A problem with the user's input to an algorithm (data, channels or hyperparameters). The message is
/// written for the training job's FailureReason: it names the file, line, value or hyperparameter and the fix.
/// </summary>
public sealed class AlgorithmException : Exception
{
    public AlgorithmException()
    {
    }

    public AlgorithmException(string message)
        : base(message)
    {
    }

    public AlgorithmException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>
    /// The FailureReason prefix SageMaker uses: "ClientError" for problems with the input (the default) and
    /// "AlgorithmError" when the algorithm itself failed.
    /// </summary>
    public string FailureType { get; init; } = "ClientError";
}
