namespace Pipeline.Functions.Configuration;

/// <summary>A dataset configuration that is missing or invalid; the message names the object and the fix.</summary>
public sealed class DatasetConfigurationException : Exception
{
    public DatasetConfigurationException()
        : this("The dataset configuration is invalid.")
    {
    }

    public DatasetConfigurationException(string message)
        : base(message)
    {
    }

    public DatasetConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Every problem found, one sentence each (empty when the object could not be read at all).</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];
}
