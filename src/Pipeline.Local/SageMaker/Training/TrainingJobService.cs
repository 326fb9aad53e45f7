using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Pipeline.Learning;
using Pipeline.Local.Logs;
using Pipeline.Local.Persistence;
using Pipeline.Local.Services;
using Pipeline.Local.Storage;

namespace Pipeline.Local.SageMaker.Training;

/// <summary>
/// The local SageMaker training job service: CreateTrainingJob, DescribeTrainingJob, ListTrainingJobs and
/// StopTrainingJob with SageMaker's members, statuses and errors. Jobs run in the background on
/// <see cref="TrainingEngine"/>; their logs go to the log group /aws/sagemaker/TrainingJobs (one stream per job)
/// and the model to <c>&lt;S3OutputPath&gt;/&lt;TrainingJobName&gt;/output/model.tar.gz</c>.
/// </summary>
/// <remarks>
/// Records live in the <see cref="IResourceStore"/> under <see cref="JobKind"/>, keyed by the lowercase job name,
/// because SageMaker job names are unique regardless of case. A job that was running when the process stopped is
/// reported as Failed the next time it is read.
/// </remarks>
public sealed partial class TrainingJobService : IDisposable
{
    /// <summary>The resource store kind of training jobs.</summary>
    public const string JobKind = "sagemaker/TrainingJob";

    /// <summary>The resource store kind of per-round metric series.</summary>
    public const string MetricsKind = "sagemaker/TrainingJobMetrics";

    /// <summary>The CloudWatch Logs group SageMaker writes training job logs to.</summary>
    public const string LogGroupName = "/aws/sagemaker/TrainingJobs";

    private readonly IObjectStore _objects;
    private readonly IResourceStore _store;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly TrainingEngine _engine;
    private readonly string _workRoot;
    private readonly string _region;
    private readonly string _accountId;
    private readonly ConcurrentDictionary<string, RunningJob> _running = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _updateLock = new(1, 1);

    public TrainingJobService(
        IObjectStore objectStore, IResourceStore resourceStore, TimeProvider timeProvider, ILoggerFactory loggerFactory, string workRoot,
        string region = "us-east-1", string accountId = "000000000000", LogStore? logStore = null)
    {
        ArgumentNullException.ThrowIfNull(objectStore);
        ArgumentNullException.ThrowIfNull(resourceStore);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        ArgumentException.ThrowIfNullOrWhiteSpace(workRoot);
        _objects = objectStore;
        _store = resourceStore;
        _timeProvider = timeProvider;
        _logger = loggerFactory.CreateLogger<TrainingJobService>();
        _engine = new TrainingEngine(loggerFactory);
        _workRoot = workRoot;
        _region = region;
        _accountId = accountId;
        Logs = logStore ?? new LogStore(timeProvider);
    }

    /// <summary>
    /// Tells whether another runtime process shares the state folder. While one does, a job that this process
    /// does not run may belong to it, so it is not marked Failed. Default: no other process.
    /// </summary>
    public Func<bool> OtherRuntimesAlive { get; init; } = static () => false;

    /// <summary>The log store that receives job logs (the one passed in, or a private in-memory one).</summary>
    public LogStore Logs { get; }

    /// <summary>Adds the training job operations to <paramref name="registry"/> under the signing name <c>sagemaker</c>.</summary>
    public void Register(LocalServiceRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.Register("sagemaker", "CreateTrainingJob", CreateTrainingJobAsync);
        registry.Register("sagemaker", "DescribeTrainingJob", DescribeTrainingJobAsync);
        registry.Register("sagemaker", "ListTrainingJobs", ListTrainingJobsAsync);
        registry.Register("sagemaker", "StopTrainingJob", StopTrainingJobAsync);
    }

    /// <summary>Validates the request, records the job as InProgress and starts it in the background (<c>CreateTrainingJob</c>).</summary>
    public Task<JsonObject> CreateTrainingJobAsync(JsonObject request, CancellationToken cancellationToken = default) =>
        StartAsync(request, tuningJobArn: null, cancellationToken);

    /// <summary>Returns the job's record (<c>DescribeTrainingJob</c>); an unknown name raises ValidationException "Requested resource not found."</summary>
    public async Task<JsonObject> DescribeTrainingJobAsync(JsonObject request, CancellationToken cancellationToken = default)
    {
        var name = SageMakerRequest.RequiredString(request, "TrainingJobName");
        return await GetJobAsync(name, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Lists job summaries with SageMaker's filters, sorting and paging (<c>ListTrainingJobs</c>).</summary>
    public async Task<JsonObject> ListTrainingJobsAsync(JsonObject request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = ListQuery.Read(request, descendingByDefault: false, "Name", "CreationTime", "Status");
        var status = SageMakerRequest.OptionalEnum(request, "StatusEquals", "InProgress", "Completed", "Failed", "Stopping", "Stopped");
        var modifiedAfter = SageMakerRequest.OptionalTime(request, "LastModifiedTimeAfter");
        var modifiedBefore = SageMakerRequest.OptionalTime(request, "LastModifiedTimeBefore");

        var jobs = new List<JsonObject>();
        foreach (var job in await _store.ListAsync(JobKind, cancellationToken).ConfigureAwait(false))
        {
            var current = await ReconcileAsync(job, cancellationToken).ConfigureAwait(false);
            var modified = FromEpochSeconds((decimal)current["LastModifiedTime"]!);
            if ((status is null || (string?)current["TrainingJobStatus"] == status)
                && (modifiedAfter is null || modified > modifiedAfter)
                && (modifiedBefore is null || modified < modifiedBefore))
            {
                jobs.Add(current);
            }
        }

        var sorted = query.Apply(jobs, job => (string)job["TrainingJobName"]!, _ => 0);
        if (query.SortBy == "Status")
        {
            sorted = query.Descending
                ? sorted.OrderByDescending(job => (string)job["TrainingJobStatus"]!, StringComparer.Ordinal).ToList()
                : sorted.OrderBy(job => (string)job["TrainingJobStatus"]!, StringComparer.Ordinal).ToList();
        }

        var (page, next) = PageToken.Slice(sorted, query.NextToken, query.MaxResults);
        var summaries = new JsonArray();
        foreach (var job in page)
        {
            summaries.Add(Summary(job));
        }

        var response = new JsonObject { ["TrainingJobSummaries"] = summaries };
        PageToken.AddTo(response, next);
        return response;
    }

    /// <summary>
    /// Stops an InProgress job (<c>StopTrainingJob</c>): the status becomes Stopping, training ends after the current
    /// round, the model of the last completed round is uploaded, and the status becomes Stopped.
    /// </summary>
    public async Task<JsonObject> StopTrainingJobAsync(JsonObject request, CancellationToken cancellationToken = default)
    {
        var name = SageMakerRequest.RequiredString(request, "TrainingJobName");
        var job = await GetJobAsync(name, cancellationToken).ConfigureAwait(false);
        var status = (string)job["TrainingJobStatus"]!;
        if (status == TrainingJobStatuses.Stopping)
        {
            return [];
        }

        if (status != TrainingJobStatuses.InProgress)
        {
            throw AwsServiceException.Validation($"The request was rejected because the training job is in status {status}.");
        }

        var key = ((string)job["TrainingJobName"]!).ToLowerInvariant();
        await UpdateAsync(key, document =>
        {
            if ((string?)document["TrainingJobStatus"] == TrainingJobStatuses.InProgress)
            {
                document["TrainingJobStatus"] = TrainingJobStatuses.Stopping;
                Transition(document, "Stopping");
            }
        }, cancellationToken).ConfigureAwait(false);
        Log.TrainingJobStopping(_logger, name);
        if (_running.TryGetValue(key, out var running))
        {
            await running.Stop.CancelAsync().ConfigureAwait(false);
        }

        return [];
    }

    /// <summary>
    /// Waits until the job is Completed, Failed or Stopped and returns its final DescribeTrainingJob response;
    /// the Step Functions <c>createTrainingJob.sync</c> integration uses it.
    /// </summary>
    public async Task<JsonObject> WaitForCompletionAsync(string trainingJobName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(trainingJobName);
        var key = trainingJobName.ToLowerInvariant();
        if (_running.TryGetValue(key, out var running))
        {
            await running.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        return await GetJobAsync(trainingJobName, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Returns the per-round metric series of a job: metric name to (round, timestamp, value) points, in round order.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<MetricPoint>>> GetMetricHistoryAsync(string trainingJobName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(trainingJobName);
        var key = trainingJobName.ToLowerInvariant();
        if (_running.TryGetValue(key, out var running))
        {
            return running.Metrics.Snapshot();
        }

        var stored = await _store.GetAsync(MetricsKind, key, cancellationToken).ConfigureAwait(false);
        return stored is null ? new Dictionary<string, IReadOnlyList<MetricPoint>>() : MetricSeries.FromJson(stored).Snapshot();
    }

    /// <summary>Returns the CloudWatch Logs stream names of a job in <see cref="LogGroupName"/>.</summary>
    public IReadOnlyList<string> GetLogStreamNames(string trainingJobName) => Logs.ListStreams(LogGroupName, trainingJobName + "/");

    /// <summary>Stops every running job, as a shutdown of the runtime does.</summary>
    public void Dispose()
    {
        foreach (var job in _running.Values)
        {
            job.Stop.Cancel();
        }
    }
}
