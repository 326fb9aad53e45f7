using System.CommandLine;
using Microsoft.Extensions.Logging;
using Pipeline.Local;
using Pipeline.Local.Template;

namespace Pipeline.Cli;

/// <summary>The options every command that starts the local runtime shares, and the factory that applies them.</summary>
internal sealed class RuntimeOptions
{
    public Option<string> Template { get; } = new("--template") { Description = "The SAM template to serve.", DefaultValueFactory = _ => "template.yaml" };

    public Option<string?> StateDirectory { get; } = new("--state-dir") { Description = "Where buckets, the SQLite database and job folders live (default: .pipeline beside the template)." };

    public Option<string> StackName { get; } = new("--stack-name") { Description = "The stack name that resource names are built from.", DefaultValueFactory = _ => "ml-pipeline" };

    public Option<string[]> ParameterOverrides { get; } = new("--parameter-overrides")
    {
        Description = "Template parameter values as NAME=VALUE pairs, as 'sam deploy --parameter-overrides' takes them, for example RetrainSchedule=\"rate(1 hour)\".",
        AllowMultipleArgumentsPerToken = true,
    };

    public Option<bool> Verbose { get; } = new("--verbose", "-v") { Description = "Log the runtime's work (starts, state transitions, retries) to standard error." };

    public void AddTo(Command command)
    {
        command.Options.Add(Template);
        command.Options.Add(StateDirectory);
        command.Options.Add(StackName);
        command.Options.Add(ParameterOverrides);
        command.Options.Add(Verbose);
    }

    /// <summary>Reads NAME=VALUE pairs; a pair without a name or an equals sign is a user error.</summary>
    internal static Dictionary<string, string> ReadParameterOverrides(IEnumerable<string> pairs)
    {
        var overrides = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new UserErrorException($"The parameter override '{pair}' is invalid. Write NAME=VALUE, for example RetrainSchedule=\"rate(1 hour)\".");
            }

            overrides[pair[..equals].Trim()] = pair[(equals + 1)..];
        }

        return overrides;
    }

    /// <param name="logInformation">Log Information-level messages (starts, skipped events, retries) without --verbose, as a server does.</param>
    public async Task<LocalRuntime> StartAsync(ParseResult parseResult, int port, CancellationToken cancellationToken, bool logInformation = false)
    {
        var template = parseResult.GetValue(Template)!;
        if (!File.Exists(template))
        {
            throw new UserErrorException($"The template '{template}' does not exist. Run pipeline from the project folder or pass --template PATH.");
        }

        var verbose = parseResult.GetValue(Verbose) || logInformation;
        var loggerFactory = LoggerFactory.Create(builder => builder
            .SetMinimumLevel(verbose ? LogLevel.Information : LogLevel.Warning)
            .AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.TimestampFormat = "HH:mm:ss ";
            })
            .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace)
            .AddFilter("Microsoft", LogLevel.Warning)

            // A caught task failure (such as DescribeEndpoint before the first deployment) is in the execution's
            // history, so without --verbose only the interpreter's own errors are printed.
            .AddFilter("Pipeline.StateMachines", verbose ? LogLevel.Information : LogLevel.Error));
        try
        {
            return await LocalRuntime.StartAsync(
                new LocalRuntimeOptions
                {
                    TemplatePath = template,
                    StateDirectory = parseResult.GetValue(StateDirectory),
                    Port = port,
                    Environment = new DeploymentEnvironment
                    {
                        StackName = parseResult.GetValue(StackName)!,
                        ParameterOverrides = ReadParameterOverrides(parseResult.GetValue(ParameterOverrides) ?? []),
                    },
                    LoggerFactory = loggerFactory,

                    // A one-shot command waits for the functions its puts trigger, so it retries a failed
                    // asynchronous invocation after 1 and 2 seconds; 'up' keeps Lambda's 1 and 2 minutes.
                    EventRetryDelay = logInformation ? TimeSpan.FromSeconds(60) : TimeSpan.FromSeconds(1),
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (TemplateException ex)
        {
            throw new UserErrorException(ex.Message, ex);
        }
        catch (ArgumentException ex) when (ex.ParamName == "options")
        {
            throw new UserErrorException(ex.Message.Replace(" (Parameter 'options')", string.Empty, StringComparison.Ordinal), ex);
        }
        catch (IOException ex) when (ex.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            throw new UserErrorException($"Port {port} on 127.0.0.1 is already in use, probably by another 'pipeline up'. Stop it or pass --port with a free port.", ex);
        }
    }
}
