namespace Pipeline.Local.Glue.Internal;

/// <summary>A user-facing reason a job run failed (its <c>ErrorMessage</c>), as opposed to a fault of the runtime.</summary>
internal sealed class JobRunFailure : Exception
{
    public JobRunFailure(string message)
        : base(message)
    {
    }

    public JobRunFailure()
    {
    }

    public JobRunFailure(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
