using Pipeline.Functions.Configuration;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Aws;
using Pipeline.Aws.StepFunctions;
using Pipeline.Aws.Storage;
using Pipeline.Functions.Internal;

namespace Pipeline.Functions.DataArrived;

/// <summary>
/// The DataArrived Lambda function: turns S3 <c>ObjectCreated</c> notifications for
/// <c>INCOMING_PREFIX&lt;dataset&gt;/*.csv</c> into Step Functions executions of the retraining
/// state machine, one per object version, named deterministically so repeated deliveries start nothing new.
/// Handler: <c>Pipeline.Functions::Pipeline.Functions.DataArrived.Function::HandleAsync</c>.
/// </summary>
/// <remarks>
/// Every record is handled even when another fails; the invocation then fails, naming each failure,
/// so Lambda retries it and the error is visible. Records already started count as duplicates on the retry.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Justification = "The Lambda handler string fixes the class name.")]
public sealed partial class Function
{
    private readonly DataArrivedOptions _options;
    private readonly Lazy<IObjectStorageClient> _storage;
    private readonly Lazy<IStepFunctionsClient> _stepFunctions;
    private readonly ExecutionStarter _starter;
    private readonly ILogger _logger;

    /// <summary>Creates the function from the process environment, as Lambda does.</summary>
    public Function()
        : this(HandlerEnvironment.ReadProcessEnvironment(), HandlerEnvironment.CreateConsoleLoggerFactory())
    {
    }

    /// <summary>Creates the function from the given environment variables (the local runtime passes the template's).</summary>
    public Function(IReadOnlyDictionary<string, string?> environment)
        : this(environment, HandlerEnvironment.CreateConsoleLoggerFactory())
    {
    }

    /// <summary>Creates the function from the given environment variables, logging to <paramref name="loggerFactory"/>.</summary>
    public Function(IReadOnlyDictionary<string, string?> environment, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var clients = new AwsClients(new AwsEnvironment(environment), loggerFactory);
        _options = DataArrivedOptions.FromEnvironment(environment);
        _storage = new Lazy<IObjectStorageClient>(() => clients.Storage);
        _stepFunctions = new Lazy<IStepFunctionsClient>(() => clients.StepFunctions);
        _starter = new ExecutionStarter(_options, _storage, _stepFunctions, TimeProvider.System);
        _logger = loggerFactory.CreateLogger("Pipeline.Functions.DataArrived");
    }

    /// <summary>Creates the function over the given clients (tests and in-process hosts).</summary>
    internal Function(DataArrivedOptions options, IObjectStorageClient storage, IStepFunctionsClient stepFunctions, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(stepFunctions);
        _options = options;
        _storage = new Lazy<IObjectStorageClient>(storage);
        _stepFunctions = new Lazy<IStepFunctionsClient>(stepFunctions);
        _starter = new ExecutionStarter(_options, _storage, _stepFunctions, timeProvider ?? TimeProvider.System);
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Handles an S3 event notification and returns the JSON summary of <see cref="DataArrivedResult"/>.</summary>
    public async Task<Stream> HandleAsync(Stream input)
    {
        var node = await HandlerEnvironment.ReadJsonAsync(input, "DataArrived", CancellationToken.None).ConfigureAwait(false);
        S3EventNotification? notification;
        try
        {
            notification = node?.Deserialize<S3EventNotification>();
        }
        catch (JsonException exception)
        {
            throw new ArgumentException($"The DataArrived input is not an S3 event notification: {exception.Message}", nameof(input), exception);
        }

        var result = await HandleAsync(notification ?? new S3EventNotification(), CancellationToken.None).ConfigureAwait(false);
        return HandlerEnvironment.WriteJson(result.ToJson());
    }

    /// <summary>Handles a parsed notification.</summary>
    /// <exception cref="InvalidOperationException"><c>STATE_MACHINE_ARN</c> is not set.</exception>
    public async Task<DataArrivedResult> HandleAsync(S3EventNotification notification, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (string.IsNullOrEmpty(_options.StateMachineArn))
        {
            throw new InvalidOperationException(
                "STATE_MACHINE_ARN is not set. Set it to the ARN of the retraining state machine in the function's environment variables.");
        }

        var started = new List<string>();
        var duplicates = new List<string>();
        var skipped = new List<SkippedObject>();
        var failures = new List<Exception>();

        if (notification.Records is null || notification.Records.Count == 0)
        {
            if (string.Equals(notification.Event, "s3:TestEvent", StringComparison.Ordinal))
            {
                Log.TestEvent(_logger);
            }

            return new DataArrivedResult(started, duplicates, skipped);
        }

        var latest = LatestSequencers(notification.Records);
        foreach (var record in notification.Records)
        {
            var bucket = record.S3?.Bucket?.Name ?? string.Empty;
            var key = DecodeKey(record);
            try
            {
                var outcome = await HandleRecordAsync(record, bucket, key, latest, started, cancellationToken).ConfigureAwait(false);
                switch (outcome.Kind)
                {
                    case OutcomeKind.Skipped:
                        Log.Skipped(_logger, bucket, key, outcome.Detail);
                        skipped.Add(new SkippedObject(key, outcome.Detail));
                        break;
                    case OutcomeKind.Duplicate:
                        Log.Duplicate(_logger, outcome.Detail, bucket, key);
                        duplicates.Add(outcome.Detail);
                        break;
                    default:
                        Log.Started(_logger, outcome.Detail, bucket, key);
                        started.Add(outcome.Detail);
                        break;
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // A configuration problem is the user's to fix, so its log line carries the message, not a stack trace.
                if (exception is DatasetConfigurationException)
                {
                    Log.RecordRejected(_logger, bucket, key, exception.Message);
                }
                else
                {
                    Log.RecordFailed(_logger, exception, bucket, key);
                }

                failures.Add(exception);
            }
        }

        Log.Handled(_logger, notification.Records.Count, started.Count, duplicates.Count, skipped.Count, failures.Count);
        ThrowIfFailed(failures, notification.Records.Count);
        return new DataArrivedResult(started, duplicates, skipped);
    }

    private static void ThrowIfFailed(List<Exception> failures, int recordCount)
    {
        if (failures.Count == 1)
        {
            ExceptionDispatchInfo.Capture(failures[0]).Throw();
        }

        if (failures.Count > 1)
        {
            throw new AggregateException(
                $"{failures.Count} of {recordCount} records could not be handled: " + string.Join(" | ", failures.Select(failure => failure.Message)),
                failures);
        }
    }
}
