using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Aws;
using Pipeline.Aws.CloudWatch;
using Pipeline.Aws.SageMaker;
using Pipeline.Aws.StepFunctions;
using Pipeline.Functions.Internal;

namespace Pipeline.Functions.RunawayJobs;

/// <summary>
/// The RunawayJobs Lambda function. On a schedule (an EventBridge <c>Scheduled Event</c>) it publishes the runtime
/// of the oldest running execution, training job and tuning job as CloudWatch metrics (<see cref="RunawayMetrics"/>).
/// When one of the runaway alarms on those metrics changes to ALARM (a <c>CloudWatch Alarm State Change</c>
/// event), it stops every job in scope that has run longer than its limit.
/// Handler: <c>Pipeline.Functions::Pipeline.Functions.RunawayJobs.Function::HandleAsync</c>.
/// </summary>
/// <remarks>
/// SageMaker jobs are stopped before executions. A stopped training job fails the execution's Train state, which
/// then ends through its Catch. An execution that still runs past its own limit is stopped with StopExecution.
/// NOTE: the stop runs when an alarm changes to ALARM. A job that passes its limit while that alarm is already in
/// ALARM is stopped only after the alarm returns to OK and changes to ALARM again.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Justification = "The Lambda handler string fixes the class name.")]
public sealed partial class Function
{
    private readonly RunawayJobsOptions _options;
    private readonly Lazy<IStepFunctionsClient> _stepFunctions;
    private readonly Lazy<ISageMakerClient> _sageMaker;
    private readonly Lazy<ICloudWatchClient> _cloudWatch;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <summary>Creates the function from the process environment, as Lambda does.</summary>
    public Function()
        : this(HandlerEnvironment.ReadProcessEnvironment(), HandlerEnvironment.CreateConsoleLoggerFactory())
    {
    }

    /// <summary>Creates the function from the given environment variables.</summary>
    public Function(IReadOnlyDictionary<string, string?> environment)
        : this(environment, HandlerEnvironment.CreateConsoleLoggerFactory())
    {
    }

    /// <summary>Creates the function from the given environment variables, logging to <paramref name="loggerFactory"/>.</summary>
    public Function(IReadOnlyDictionary<string, string?> environment, ILoggerFactory loggerFactory)
        : this(environment, loggerFactory, TimeProvider.System)
    {
    }

    /// <summary>Creates the function with the clock that job runtimes are measured by (the local runtime passes its own).</summary>
    public Function(IReadOnlyDictionary<string, string?> environment, ILoggerFactory loggerFactory, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        ArgumentNullException.ThrowIfNull(timeProvider);

        // The clients keep the system clock: their signatures and retry delays follow real time.
        var clients = new AwsClients(new AwsEnvironment(environment), loggerFactory);
        _options = RunawayJobsOptions.FromEnvironment(environment);
        _stepFunctions = new Lazy<IStepFunctionsClient>(() => clients.StepFunctions);
        _sageMaker = new Lazy<ISageMakerClient>(() => clients.SageMaker);
        _cloudWatch = new Lazy<ICloudWatchClient>(() => clients.CloudWatch);
        _timeProvider = timeProvider;
        _logger = loggerFactory.CreateLogger("Pipeline.Functions.RunawayJobs");
    }

    /// <summary>Creates the function over the given clients (tests and in-process hosts).</summary>
    internal Function(RunawayJobsOptions options, IStepFunctionsClient stepFunctions, ISageMakerClient sageMaker, ICloudWatchClient cloudWatch, TimeProvider timeProvider, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(stepFunctions);
        ArgumentNullException.ThrowIfNull(sageMaker);
        ArgumentNullException.ThrowIfNull(cloudWatch);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _options = options;
        _stepFunctions = new Lazy<IStepFunctionsClient>(stepFunctions);
        _sageMaker = new Lazy<ISageMakerClient>(sageMaker);
        _cloudWatch = new Lazy<ICloudWatchClient>(cloudWatch);
        _timeProvider = timeProvider;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>
    /// Handles a Scheduled Event (publishes the metrics) or a CloudWatch Alarm State Change event (stops runaway
    /// jobs when the new state is ALARM) and returns a JSON summary with <c>action</c> <c>measure</c>,
    /// <c>stop</c> or <c>none</c>.
    /// </summary>
    public async Task<Stream> HandleAsync(Stream input)
    {
        var node = await HandlerEnvironment.ReadJsonAsync(input, "RunawayJobs", CancellationToken.None).ConfigureAwait(false);
        var output = await HandleAsync(node as JsonObject ?? [], CancellationToken.None).ConfigureAwait(false);
        return HandlerEnvironment.WriteJson(output);
    }

    /// <summary>Handles a parsed event; see <see cref="HandleAsync(Stream)"/>.</summary>
    /// <exception cref="InvalidOperationException">An environment variable is missing or invalid.</exception>
    /// <exception cref="ArgumentException">The event is neither a Scheduled Event nor an alarm state change.</exception>
    public async Task<JsonObject> HandleAsync(JsonObject inputEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputEvent);
        var problems = _options.Validate();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("RunawayJobs is misconfigured: " + string.Join(" ", problems));
        }

        var detailType = inputEvent["detail-type"] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
        return detailType switch
        {
            "Scheduled Event" => await MeasureAsync(cancellationToken).ConfigureAwait(false),
            AlarmStateChange.DetailType => await OnAlarmAsync(AlarmStateChange.Parse(inputEvent), cancellationToken).ConfigureAwait(false),
            _ => throw new ArgumentException(
                $"RunawayJobs cannot handle an event with detail-type '{detailType ?? "(none)"}'. Send it an EventBridge Scheduled Event or a CloudWatch Alarm State Change event.",
                nameof(inputEvent)),
        };
    }
}
