using Pipeline.Local.Template;

namespace Pipeline.Local.Glue;

/// <summary>
/// A Glue job as an <c>AWS::Glue::Job</c> declares it: name, script, default arguments, the concurrency limit
/// (<c>ExecutionProperty.MaxConcurrentRuns</c>) and the timeout in minutes.
/// </summary>
public sealed record GlueJobDefinition
{
    /// <summary>Glue's default job timeout: 2,880 minutes (48 hours).</summary>
    public const int DefaultTimeoutMinutes = 2880;

    public required string Name { get; init; }

    /// <summary>The script the job runs on AWS; locally every job runs the preprocessing engine that mirrors it.</summary>
    public string? ScriptLocation { get; init; }

    /// <summary>Arguments every run gets unless StartJobRun passes the same name (<c>--NAME</c> to value).</summary>
    public IReadOnlyDictionary<string, string> DefaultArguments { get; init; } = new Dictionary<string, string>();

    public int MaxConcurrentRuns { get; init; } = 1;

    /// <summary>The run timeout in minutes; a run that takes longer ends in <c>TIMEOUT</c>.</summary>
    public int Timeout { get; init; } = DefaultTimeoutMinutes;

    /// <summary>Creates the definition of a job read from the SAM template.</summary>
    public static GlueJobDefinition FromTemplate(GlueJobResource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return new GlueJobDefinition
        {
            Name = resource.Name,
            ScriptLocation = resource.ScriptLocation,
            DefaultArguments = resource.DefaultArguments,
            MaxConcurrentRuns = resource.MaxConcurrentRuns,
            Timeout = resource.TimeoutMinutes ?? DefaultTimeoutMinutes,
        };
    }
}
