namespace Pipeline.Preprocessing;

/// <summary>An invalid preprocessing specification; <see cref="Problems"/> lists every problem found, each with its JSON path.</summary>
public sealed class PreprocessingSpecException : Exception
{
    public PreprocessingSpecException(IReadOnlyList<string> problems)
        : base(FormatMessage(problems))
    {
        Problems = problems;
    }

    public PreprocessingSpecException()
        : this(["The preprocessing specification is invalid."])
    {
    }

    public PreprocessingSpecException(string message)
        : this([message])
    {
    }

    public PreprocessingSpecException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [message];
    }

    public IReadOnlyList<string> Problems { get; }

    private static string FormatMessage(IReadOnlyList<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        return problems.Count == 1
            ? $"The preprocessing specification is invalid: {problems[0]}"
            : $"The preprocessing specification has {problems.Count} problems:{Environment.NewLine}  - {string.Join(Environment.NewLine + "  - ", problems)}";
    }
}
