using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Local.Template;

namespace Pipeline.Local;

/// <summary>Settings of a <see cref="LocalRuntime"/>.</summary>
public sealed record LocalRuntimeOptions
{
    /// <summary>The SAM template to serve. Default: <c>template.yaml</c> in the current folder.</summary>
    public string TemplatePath { get; init; } = "template.yaml";

    /// <summary>Where buckets, the SQLite database and job folders live. Default: <c>.pipeline</c> beside the template.</summary>
    public string? StateDirectory { get; init; }

    /// <summary>The TCP port of the HTTP host on 127.0.0.1; 0 picks a free port.</summary>
    public int Port { get; init; }

    public DeploymentEnvironment Environment { get; init; } = new();

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>The wait before Lambda retries a failed asynchronous invocation. Default: 60 seconds, as on AWS.</summary>
    public TimeSpan EventRetryDelay { get; init; } = TimeSpan.FromSeconds(60);

    internal string ResolveStateDirectory() =>
        Path.GetFullPath(StateDirectory ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(TemplatePath))!, ".pipeline"));

    /// <summary>Returns every problem with the options at once, or an empty list.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(TemplatePath))
        {
            problems.Add("TemplatePath is empty: name the SAM template to serve.");
        }

        if (Port is < 0 or > 65535)
        {
            problems.Add($"Port {Port} is out of range: use 0 for a free port or a value up to 65535.");
        }

        if (EventRetryDelay < TimeSpan.Zero)
        {
            problems.Add($"EventRetryDelay {EventRetryDelay} is negative.");
        }

        return problems;
    }
}
