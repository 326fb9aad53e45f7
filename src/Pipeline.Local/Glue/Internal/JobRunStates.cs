namespace Pipeline.Local.Glue.Internal;

/// <summary>Glue's <c>JobRunState</c> values used locally.</summary>
internal static class JobRunStates
{
    public const string Starting = "STARTING";
    public const string Running = "RUNNING";
    public const string Stopping = "STOPPING";
    public const string Stopped = "STOPPED";
    public const string Succeeded = "SUCCEEDED";
    public const string Failed = "FAILED";
    public const string Timeout = "TIMEOUT";
    public const string Error = "ERROR";

    public static bool IsActive(string? state) => state is Starting or Running or Stopping;
}
