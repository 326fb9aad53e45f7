using System.Runtime.ExceptionServices;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Aws;
using Pipeline.Aws.StepFunctions;
using Pipeline.Aws.Storage;
using Pipeline.Functions.Configuration;
using Pipeline.Functions.DataArrived;
using Pipeline.Functions.Internal;

namespace Pipeline.Functions.ScheduledRetrain;

/// <summary>
/// The ScheduledRetrain Lambda function: on each invocation of the retraining schedule, starts one execution of
/// the retraining state machine per dataset, on the dataset's newest <c>.csv</c> file under
/// <c>INCOMING_PREFIX&lt;dataset&gt;/</c>. The execution input is the one DataArrived builds for an S3 event on
/// that file, plus a <c>trigger</c> object that records the schedule.
/// Handler: <c>Pipeline.Functions::Pipeline.Functions.ScheduledRetrain.Function::HandleAsync</c>.
/// </summary>
/// <remarks>
/// In the <see cref="ScheduledRunMode.Always"/> mode an execution's name hashes the object, the configuration
/// and the invocation (rule and scheduled time). EventBridge may deliver one invocation more than once, and
/// every delivery maps to the same names, so only the first starts executions. In the
/// <see cref="ScheduledRunMode.WhenChanged"/> mode the name is the one DataArrived gives the same file and
/// configuration, so the schedule only retrains what no S3 event has started yet.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Justification = "The Lambda handler string fixes the class name.")]
public sealed partial class Function
{
    private readonly ScheduledRetrainOptions _options;
    private readonly Lazy<IObjectStorageClient> _storage;
    private readonly ExecutionStarter _starter;
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

    /// <summary>Creates the function with the clock that stamps training job names (the local runtime passes its own).</summary>
    public Function(IReadOnlyDictionary<string, string?> environment, ILoggerFactory loggerFactory, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var clients = new AwsClients(new AwsEnvironment(environment), loggerFactory);
        _options = ScheduledRetrainOptions.FromEnvironment(environment);
        _storage = new Lazy<IObjectStorageClient>(() => clients.Storage);
        _starter = new ExecutionStarter(_options.ToRunOptions(), _storage, new Lazy<IStepFunctionsClient>(() => clients.StepFunctions), timeProvider);
        _logger = loggerFactory.CreateLogger("Pipeline.Functions.ScheduledRetrain");
    }

    /// <summary>Creates the function over the given clients (tests and in-process hosts).</summary>
    internal Function(ScheduledRetrainOptions options, IObjectStorageClient storage, IStepFunctionsClient stepFunctions, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(stepFunctions);
        _options = options;
        _storage = new Lazy<IObjectStorageClient>(storage);
        _starter = new ExecutionStarter(options.ToRunOptions(), _storage, new Lazy<IStepFunctionsClient>(stepFunctions), timeProvider ?? TimeProvider.System);
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Handles an EventBridge Scheduled Event and returns <c>{"started", "duplicates", "skipped"}</c>, as DataArrived does.</summary>
    public async Task<Stream> HandleAsync(Stream input)
    {
        var node = await HandlerEnvironment.ReadJsonAsync(input, "ScheduledRetrain", CancellationToken.None).ConfigureAwait(false);
        var result = await HandleAsync(ScheduledInvocation.Parse(node), CancellationToken.None).ConfigureAwait(false);
        return HandlerEnvironment.WriteJson(result.ToJson());
    }

    /// <summary>Starts the executions of one schedule invocation.</summary>
    /// <exception cref="InvalidOperationException">An environment variable is missing or invalid.</exception>
    public async Task<DataArrivedResult> HandleAsync(ScheduledInvocation invocation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var problems = _options.Validate();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("ScheduledRetrain is misconfigured: " + string.Join(" ", problems));
        }

        var mode = _options.Mode!.Value;
        Log.ScheduleInvoked(_logger, invocation.FormattedTime, invocation.RuleArn ?? "(none)", mode.ToString());
        var (candidates, skipped) = await FindNewestObjectsAsync(cancellationToken).ConfigureAwait(false);
        foreach (var item in skipped)
        {
            Log.ScheduledDatasetSkipped(_logger, item.Key, item.Reason);
        }

        var started = new List<string>();
        var duplicates = new List<string>();
        var failures = new List<Exception>();
        foreach (var (dataset, newest) in candidates)
        {
            try
            {
                var current = await _storage.Value.HeadObjectAsync(_options.DataBucket!, newest.Key, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (current is null || current.ContentLength == 0)
                {
                    var reason = current is null ? "the object was deleted after it was listed" : "the object is empty";
                    Log.ScheduledDatasetSkipped(_logger, newest.Key, reason);
                    skipped.Add(new SkippedObject(newest.Key, reason));
                    continue;
                }

                var source = new SourceObject(_options.DataBucket!, newest.Key, current.ETag, current.ContentLength, current.VersionId, Sequencer: null);
                var scheduleId = mode == ScheduledRunMode.Always ? invocation.ScheduleId : null;
                var result = await _starter.StartAsync(dataset, source, scheduleId, Trigger(invocation, mode), cancellationToken).ConfigureAwait(false);
                if (result.Started)
                {
                    Log.ScheduledRunStarted(_logger, result.ExecutionArn, source.Bucket, source.Key, invocation.FormattedTime);
                    started.Add(result.ExecutionArn);
                }
                else
                {
                    Log.ScheduledRunDuplicate(_logger, result.ExecutionArn, source.Bucket, source.Key, invocation.FormattedTime);
                    duplicates.Add(result.ExecutionArn);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                if (exception is DatasetConfigurationException)
                {
                    Log.ScheduledDatasetRejected(_logger, dataset, exception.Message);
                }
                else
                {
                    Log.ScheduledDatasetFailed(_logger, exception, dataset, newest.Key);
                }

                failures.Add(exception);
            }
        }

        Log.ScheduleHandled(_logger, invocation.FormattedTime, candidates.Count, started.Count, duplicates.Count, skipped.Count, failures.Count);
        ThrowIfFailed(failures, candidates.Count);
        return new DataArrivedResult(started, duplicates, skipped);
    }

    /// <summary>Returns the <c>trigger</c> member of the execution input.</summary>
    private static JsonObject Trigger(ScheduledInvocation invocation, ScheduledRunMode mode) => new()
    {
        ["type"] = "Schedule",
        ["scheduledTime"] = invocation.FormattedTime,
        ["rule"] = invocation.RuleArn,
        ["eventId"] = invocation.EventId,
        ["mode"] = mode.ToString(),
    };

    private static void ThrowIfFailed(List<Exception> failures, int datasetCount)
    {
        if (failures.Count == 1)
        {
            ExceptionDispatchInfo.Capture(failures[0]).Throw();
        }

        if (failures.Count > 1)
        {
            throw new AggregateException(
                $"{failures.Count} of {datasetCount} datasets could not be retrained: " + string.Join(" | ", failures.Select(failure => failure.Message)),
                failures);
        }
    }
}
