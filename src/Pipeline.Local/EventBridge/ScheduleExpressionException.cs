namespace Pipeline.Local.EventBridge;

/// <summary>A schedule expression that EventBridge would reject; the message names the expression and the fix.</summary>
public sealed class ScheduleExpressionException : Exception
{
    public ScheduleExpressionException(string message)
        : base(message)
    {
    }

    public ScheduleExpressionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ScheduleExpressionException()
    {
    }
}
