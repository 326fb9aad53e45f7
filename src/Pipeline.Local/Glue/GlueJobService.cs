using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Pipeline.Local.Glue.Internal;
using Pipeline.Local.Persistence;
using Pipeline.Local.Services;
using Pipeline.Local.Storage;

namespace Pipeline.Local.Glue;

/// <summary>
/// The local AWS Glue job service: <c>StartJobRun</c>, <c>GetJobRun</c>, <c>GetJobRuns</c> and
/// <c>BatchStopJobRun</c> with Glue's request fields, <c>JobRun</c> shape, states and error codes. Every job runs
/// the preprocessing engine (the local counterpart of <c>src/glue/preprocess.py</c>) with the run's arguments
/// <c>--input_uri</c>, <c>--output_uri</c> and <c>--spec</c>.
/// </summary>
/// <remarks>
/// Runs execute in the background of this process; their records live in the <see cref="IResourceStore"/> under
/// <see cref="JobRunKind"/>. A run that an earlier process left active is marked <c>ERROR</c> when it is next read.
/// </remarks>
public sealed partial class GlueJobService : IAsyncDisposable
{
    /// <summary>The resource store kind of job runs, keyed <c>jobName/runId</c>.</summary>
    public const string JobRunKind = "glue/JobRun";

    private readonly IObjectStore _objects;
    private readonly IResourceStore _store;
    private readonly TimeProvider _timeProvider;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly string _workRoot;
    private readonly Dictionary<string, GlueJobDefinition> _jobs;
    private readonly ConcurrentDictionary<string, ActiveRun> _active = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _recordLock = new(1, 1);
    private readonly CancellationTokenSource _shutdown = new();

    /// <summary>
    /// Tells whether another runtime process shares the state folder. While one does, a run that this process
    /// does not run may belong to it, so it is not marked ERROR. Default: no other process.
    /// </summary>
    public Func<bool> OtherRuntimesAlive { get; init; } = static () => false;

    public GlueJobService(
        IObjectStore objects,
        IResourceStore store,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory,
        string workRoot,
        IEnumerable<GlueJobDefinition> jobs)
    {
        ArgumentNullException.ThrowIfNull(objects);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        ArgumentException.ThrowIfNullOrWhiteSpace(workRoot);
        ArgumentNullException.ThrowIfNull(jobs);
        _objects = objects;
        _store = store;
        _timeProvider = timeProvider;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<GlueJobService>();
        _workRoot = Path.GetFullPath(workRoot);
        _jobs = new Dictionary<string, GlueJobDefinition>(StringComparer.Ordinal);
        foreach (var job in jobs)
        {
            if (!_jobs.TryAdd(job.Name, job))
            {
                throw new ArgumentException($"Two Glue jobs are named '{job.Name}'. Give every AWS::Glue::Job a unique Name.", nameof(jobs));
            }
        }
    }

    /// <summary>Adds the Glue operations to <paramref name="registry"/> under the signing name <c>glue</c>.</summary>
    public void Register(LocalServiceRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.Register("glue", "StartJobRun", StartJobRunAsync);
        registry.Register("glue", "GetJobRun", GetJobRunAsync);
        registry.Register("glue", "GetJobRuns", GetJobRunsAsync);
        registry.Register("glue", "BatchStopJobRun", BatchStopJobRunAsync);
        registry.Register("glue", "ListJobs", ListJobsAsync);
    }

    /// <summary>
    /// Starts a run (<c>StartJobRun</c>): <c>JobName</c>, optional <c>Arguments</c> (merged over the job's
    /// <c>DefaultArguments</c>), <c>Timeout</c> in minutes, and <c>JobRunId</c> to retry an earlier run with its arguments.
    /// Returns <c>{ "JobRunId": "jr_..." }</c> at once; the run continues in the background.
    /// </summary>
    public async Task<JsonObject> StartJobRunAsync(JsonObject request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var job = FindJob(GlueRequest.RequiredString(request, "JobName"));
        var arguments = new JsonObject(job.DefaultArguments.Select(pair => KeyValuePair.Create<string, JsonNode?>(pair.Key, pair.Value)));
        var attempt = 0;
        string? previousRunId = GlueRequest.OptionalString(request, "JobRunId");
        if (previousRunId is not null)
        {
            var previous = await GetRecordAsync(job.Name, previousRunId, cancellationToken).ConfigureAwait(false);
            if (JobRunStates.IsActive((string?)previous["JobRunState"]))
            {
                throw new AwsServiceException("InvalidInputException", $"Job run {previousRunId} of job {job.Name} is still {(string?)previous["JobRunState"]}; only a finished run can be retried.");
            }

            attempt = ((int?)previous["Attempt"] ?? 0) + 1;
            foreach (var (name, value) in previous["Arguments"]!.AsObject())
            {
                arguments[name] = value?.DeepClone();
            }
        }

        foreach (var (name, value) in GlueRequest.OptionalStringMap(request, "Arguments"))
        {
            arguments[name] = value;
        }

        var timeout = GlueRequest.OptionalInt(request, "Timeout", 1, 10080) ?? job.Timeout;
        var runId = "jr_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var now = GlueRequest.Timestamp(_timeProvider.GetUtcNow());
        var record = new JsonObject
        {
            ["Id"] = runId,
            ["Attempt"] = attempt,
            ["PreviousRunId"] = previousRunId,
            ["JobName"] = job.Name,
            ["JobMode"] = "SCRIPT",
            ["StartedOn"] = now,
            ["LastModifiedOn"] = now,
            ["JobRunState"] = JobRunStates.Starting,
            ["Arguments"] = arguments,
            ["PredecessorRuns"] = new JsonArray(),
            ["ExecutionTime"] = 0,
            ["Timeout"] = timeout,
            ["GlueVersion"] = "5.0",
            ["LogGroupName"] = "/aws-glue/jobs",
            ["ExecutionClass"] = "STANDARD",
        };
        foreach (var member in new[] { "WorkerType", "NumberOfWorkers", "MaxCapacity", "SecurityConfiguration", "NotificationProperty" })
        {
            if (request[member] is { } value)
            {
                record[member] = value.DeepClone();
            }
        }

        var run = new ActiveRun(job, runId, timeout);
        await _recordLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var running = _active.Values.Count(active => active.Job.Name == job.Name);
            if (running >= job.MaxConcurrentRuns)
            {
                run.Dispose();
                throw new AwsServiceException("ConcurrentRunsExceededException", $"Concurrent runs exceeded for {job.Name}: {running} of MaxConcurrentRuns {job.MaxConcurrentRuns} are running.");
            }

            await _store.PutAsync(JobRunKind, RecordName(job.Name, runId), record, cancellationToken).ConfigureAwait(false);
            _active[runId] = run;
        }
        finally
        {
            _recordLock.Release();
        }

        GlueLog.RunStarted(_logger, job.Name, runId);
        run.Completion = Task.Run(() => ExecuteAsync(run), CancellationToken.None);
        return new JsonObject { ["JobRunId"] = runId };
    }

    public async ValueTask DisposeAsync()
    {
        await _shutdown.CancelAsync().ConfigureAwait(false);
        foreach (var run in _active.Values.ToList())
        {
            try
            {
                await (run.Completion ?? Task.CompletedTask).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The run records its own end state; shutting down only waits for it.
            }
        }

        _shutdown.Dispose();
        _recordLock.Dispose();
    }

    private GlueJobDefinition FindJob(string name) =>
        _jobs.TryGetValue(name, out var job)
            ? job
            : throw new AwsServiceException("EntityNotFoundException", $"Job {name} not found. Jobs defined in the template: {(_jobs.Count == 0 ? "none" : string.Join(", ", _jobs.Keys))}.");

    private static string RecordName(string jobName, string runId) => $"{jobName}/{runId}";
}
