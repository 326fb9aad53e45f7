using System.Text.Json.Nodes;

namespace Pipeline.Local.Template;

/// <summary>The account, Region and stack name that the local runtime gives the template's pseudo parameters.</summary>
public sealed record DeploymentEnvironment
{
    public string StackName { get; init; } = "ml-pipeline";

    public string Region { get; init; } = "us-east-1";

    /// <summary>The account id of every local ARN; LocalStack uses the same placeholder.</summary>
    public string AccountId { get; init; } = "000000000000";

    public string Partition { get; init; } = "aws";

    public string UrlSuffix { get; init; } = "amazonaws.com";

    public IReadOnlyDictionary<string, string> ParameterOverrides { get; init; } = new Dictionary<string, string>();
}

public sealed record BucketResource(string LogicalId, string BucketName);

/// <summary>An S3 event source of a function, with the key filter rules of its notification.</summary>
public sealed record S3EventSource(string Name, string BucketName, IReadOnlyList<string> Events, string? Prefix, string? Suffix);

public sealed record FunctionResource(
    string LogicalId,
    string FunctionName,
    string Arn,
    string Handler,
    string? Runtime,
    int TimeoutSeconds,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyList<S3EventSource> S3Events);

/// <summary>A state machine with its definition after DefinitionSubstitutions.</summary>
public sealed record StateMachineResource(string LogicalId, string Name, string Arn, string Definition, string? DefinitionPath, string Type);

public sealed record GlueJobResource(
    string LogicalId,
    string Name,
    string? ScriptLocation,
    IReadOnlyDictionary<string, string> DefaultArguments,
    int MaxConcurrentRuns,
    int? TimeoutMinutes);

/// <summary>
/// The resources of a SAM template that the local runtime serves, with every intrinsic function resolved
/// against a <see cref="DeploymentEnvironment"/>.
/// </summary>
public sealed class LocalTemplate
{
    internal LocalTemplate(
        string path,
        DeploymentEnvironment environment,
        IReadOnlyList<BucketResource> buckets,
        IReadOnlyList<FunctionResource> functions,
        IReadOnlyList<StateMachineResource> stateMachines,
        IReadOnlyList<GlueJobResource> glueJobs,
        JsonObject outputs,
        TemplateTriggers triggers)
    {
        Path = path;
        Environment = environment;
        Buckets = buckets;
        Functions = functions;
        StateMachines = stateMachines;
        GlueJobs = glueJobs;
        Outputs = outputs;
        Schedules = triggers.Schedules;
        EventRules = triggers.EventRules;
        Alarms = triggers.Alarms;
    }

    public string Path { get; }

    public DeploymentEnvironment Environment { get; }

    public IReadOnlyList<BucketResource> Buckets { get; }

    public IReadOnlyList<FunctionResource> Functions { get; }

    public IReadOnlyList<StateMachineResource> StateMachines { get; }

    public IReadOnlyList<GlueJobResource> GlueJobs { get; }

    /// <summary>The schedules of the template's functions, state machines and rules.</summary>
    public IReadOnlyList<ScheduleResource> Schedules { get; }

    /// <summary>The event-pattern rules of the template's functions, state machines and rules.</summary>
    public IReadOnlyList<EventRuleResource> EventRules { get; }

    /// <summary>The CloudWatch alarms of the template.</summary>
    public IReadOnlyList<AlarmResource> Alarms { get; }

    /// <summary>The template's Outputs with their values resolved.</summary>
    public JsonObject Outputs { get; }

    /// <summary>Loads and resolves a template file; relative paths in it are relative to its folder.</summary>
    public static LocalTemplate Load(string path, DeploymentEnvironment? environment = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new TemplateException($"The template '{path}' does not exist. Run the command from the project folder or pass --template PATH.");
        }

        var root = TemplateYamlReader.Read(File.ReadAllText(path), path);
        return new TemplateLoader(System.IO.Path.GetFullPath(path), root, environment ?? new DeploymentEnvironment()).Load();
    }
}
