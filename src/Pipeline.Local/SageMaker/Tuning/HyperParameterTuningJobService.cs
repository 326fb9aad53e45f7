using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Pipeline.Local.Persistence;
using Pipeline.Local.SageMaker.Training;
using Pipeline.Local.Services;

namespace Pipeline.Local.SageMaker.Tuning;

/// <summary>
/// The local SageMaker hyperparameter tuning service: CreateHyperParameterTuningJob, DescribeHyperParameterTuningJob,
/// ListHyperParameterTuningJobs, StopHyperParameterTuningJob and ListTrainingJobsForHyperParameterTuningJob. A tuning
/// job runs its training jobs through <see cref="TrainingJobService"/>, at most MaxParallelTrainingJobs at a time,
/// with the Bayesian, Random, Grid or Hyperband strategy of Pipeline.Learning.Tuning. TuningJobCompletionCriteria can
/// end a job early, and WarmStartConfig seeds it with the trials of parent tuning jobs.
/// </summary>
public sealed partial class HyperParameterTuningJobService : IDisposable
{
    /// <summary>The resource store kind of tuning jobs.</summary>
    public const string JobKind = "sagemaker/HyperParameterTuningJob";

    private readonly TrainingJobService _trainingJobs;
    private readonly IResourceStore _store;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly string _region;
    private readonly string _accountId;
    private readonly ConcurrentDictionary<string, RunningTuningJob> _running = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _updateLock = new(1, 1);

    /// <summary>
    /// Tells whether another runtime process shares the state folder. While one does, a tuning job that this process
    /// does not run may belong to it, so it is not marked Failed. Default: no other process.
    /// </summary>
    public Func<bool> OtherRuntimesAlive { get; init; } = static () => false;

    public HyperParameterTuningJobService(
        TrainingJobService trainingJobs, IResourceStore resourceStore, TimeProvider timeProvider, ILoggerFactory loggerFactory,
        string region = "us-east-1", string accountId = "000000000000")
    {
        ArgumentNullException.ThrowIfNull(trainingJobs);
        ArgumentNullException.ThrowIfNull(resourceStore);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _trainingJobs = trainingJobs;
        _store = resourceStore;
        _timeProvider = timeProvider;
        _logger = loggerFactory.CreateLogger<HyperParameterTuningJobService>();
        _region = region;
        _accountId = accountId;
    }

    /// <summary>Adds the tuning operations to <paramref name="registry"/> under the signing name <c>sagemaker</c>.</summary>
    public void Register(LocalServiceRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.Register("sagemaker", "CreateHyperParameterTuningJob", CreateHyperParameterTuningJobAsync);
        registry.Register("sagemaker", "DescribeHyperParameterTuningJob", DescribeHyperParameterTuningJobAsync);
        registry.Register("sagemaker", "ListHyperParameterTuningJobs", ListHyperParameterTuningJobsAsync);
        registry.Register("sagemaker", "StopHyperParameterTuningJob", StopHyperParameterTuningJobAsync);
        registry.Register("sagemaker", "ListTrainingJobsForHyperParameterTuningJob", ListTrainingJobsForHyperParameterTuningJobAsync);
    }

    /// <summary>Validates the request, records the tuning job as InProgress and starts it (<c>CreateHyperParameterTuningJob</c>).</summary>
    public async Task<JsonObject> CreateHyperParameterTuningJobAsync(JsonObject request, CancellationToken cancellationToken = default)
    {
        var job = TuningJobRequest.Read(request);
        var key = job.Name.ToLowerInvariant();
        var arn = JobArn(job.Name);
        var now = SageMakerRequest.ToEpochSeconds(_timeProvider.GetUtcNow());
        var record = new JsonObject
        {
            ["HyperParameterTuningJobName"] = job.Name,
            ["HyperParameterTuningJobArn"] = arn,
            ["HyperParameterTuningJobConfig"] = request["HyperParameterTuningJobConfig"]!.DeepClone(),
            ["TrainingJobDefinition"] = job.TrainingJobDefinition.DeepClone(),
            ["HyperParameterTuningJobStatus"] = "InProgress",
            ["CreationTime"] = now,
            ["LastModifiedTime"] = now,
            ["TrainingJobStatusCounters"] = Counters(0, 0, 0, 0, 0),
            ["ObjectiveStatusCounters"] = new JsonObject { ["Succeeded"] = 0, ["Pending"] = 0, ["Failed"] = 0 },
            ["TuningJobCompletionDetails"] = new JsonObject { ["NumberOfTrainingJobsObjectiveNotImproving"] = 0 },
            ["ConsumedResources"] = new JsonObject { ["RuntimeInSeconds"] = 0 },
        };

        var running = new RunningTuningJob(job);
        try
        {
            await LoadParentsAsync(running, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            running.Dispose();
            throw;
        }

        if (request["WarmStartConfig"] is { } warmStart)
        {
            record["WarmStartConfig"] = warmStart.DeepClone();
        }

        _running[key] = running;
        if (!await _store.TryAddAsync(JobKind, key, record, cancellationToken).ConfigureAwait(false))
        {
            _running.TryRemove(key, out _);
            running.Dispose();
            throw new AwsServiceException(
                "ResourceInUse", $"Hyperparameter tuning job names must be unique within an AWS account and region, and a tuning job with this name already exists ({arn})");
        }

        Log.TuningJobCreated(_logger, job.Name, job.Strategy);
        _ = Task.Run(() => RunAsync(running, arn), CancellationToken.None);
        return new JsonObject { ["HyperParameterTuningJobArn"] = arn };
    }

    /// <summary>Returns the tuning job's record with its counters and best training job (<c>DescribeHyperParameterTuningJob</c>).</summary>
    public Task<JsonObject> DescribeHyperParameterTuningJobAsync(JsonObject request, CancellationToken cancellationToken = default) =>
        GetJobAsync(SageMakerRequest.RequiredString(request, "HyperParameterTuningJobName"), cancellationToken);

    /// <summary>Lists tuning job summaries (<c>ListHyperParameterTuningJobs</c>).</summary>
    public async Task<JsonObject> ListHyperParameterTuningJobsAsync(JsonObject request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = ListQuery.Read(request, descendingByDefault: false, "Name", "Status", "CreationTime");
        var status = SageMakerRequest.OptionalEnum(request, "StatusEquals", "Completed", "InProgress", "Failed", "Stopped", "Stopping", "Deleting", "DeleteFailed");
        var jobs = new List<JsonObject>();
        foreach (var item in await _store.ListAsync(JobKind, cancellationToken).ConfigureAwait(false))
        {
            var job = await ReconcileAsync(item, cancellationToken).ConfigureAwait(false);
            if (status is null || (string?)job["HyperParameterTuningJobStatus"] == status)
            {
                jobs.Add(job);
            }
        }

        var sorted = query.Apply(jobs, job => (string)job["HyperParameterTuningJobName"]!, _ => 0);
        var (page, next) = PageToken.Slice(sorted, query.NextToken, query.MaxResults);
        var summaries = new JsonArray();
        foreach (var job in page)
        {
            var summary = new JsonObject
            {
                ["HyperParameterTuningJobName"] = job["HyperParameterTuningJobName"]!.DeepClone(),
                ["HyperParameterTuningJobArn"] = job["HyperParameterTuningJobArn"]!.DeepClone(),
                ["HyperParameterTuningJobStatus"] = job["HyperParameterTuningJobStatus"]!.DeepClone(),
                ["Strategy"] = job["HyperParameterTuningJobConfig"]!["Strategy"]!.DeepClone(),
                ["CreationTime"] = job["CreationTime"]!.DeepClone(),
                ["LastModifiedTime"] = job["LastModifiedTime"]!.DeepClone(),
                ["TrainingJobStatusCounters"] = job["TrainingJobStatusCounters"]!.DeepClone(),
                ["ObjectiveStatusCounters"] = job["ObjectiveStatusCounters"]!.DeepClone(),
                ["ResourceLimits"] = job["HyperParameterTuningJobConfig"]!["ResourceLimits"]!.DeepClone(),
            };
            if (job["HyperParameterTuningEndTime"] is { } end)
            {
                summary["HyperParameterTuningEndTime"] = end.DeepClone();
            }

            summaries.Add(summary);
        }

        var response = new JsonObject { ["HyperParameterTuningJobSummaries"] = summaries };
        PageToken.AddTo(response, next);
        return response;
    }

    /// <summary>Stops a tuning job and its running training jobs (<c>StopHyperParameterTuningJob</c>).</summary>
    public async Task<JsonObject> StopHyperParameterTuningJobAsync(JsonObject request, CancellationToken cancellationToken = default)
    {
        var job = await GetJobAsync(SageMakerRequest.RequiredString(request, "HyperParameterTuningJobName"), cancellationToken).ConfigureAwait(false);
        var status = (string)job["HyperParameterTuningJobStatus"]!;
        if (status == "Stopping")
        {
            return [];
        }

        if (status != "InProgress")
        {
            throw AwsServiceException.Validation($"The request was rejected because the tuning job is in status {status}.");
        }

        var key = ((string)job["HyperParameterTuningJobName"]!).ToLowerInvariant();
        await UpdateAsync(key, document => document["HyperParameterTuningJobStatus"] = "Stopping", cancellationToken).ConfigureAwait(false);
        if (_running.TryGetValue(key, out var running))
        {
            await running.Stop.CancelAsync().ConfigureAwait(false);
        }

        return [];
    }

    /// <summary>Waits until the tuning job ends and returns its final DescribeHyperParameterTuningJob response.</summary>
    public async Task<JsonObject> WaitForCompletionAsync(string tuningJobName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tuningJobName);
        if (_running.TryGetValue(tuningJobName.ToLowerInvariant(), out var running))
        {
            await running.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        return await GetJobAsync(tuningJobName, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops every running tuning job, as a shutdown of the runtime does.</summary>
    public void Dispose()
    {
        foreach (var job in _running.Values)
        {
            job.Stop.Cancel();
        }
    }

    private string JobArn(string name) => SageMakerArns.Build(_region, _accountId, "hyper-parameter-tuning-job", name);

    private static JsonObject Counters(int completed, int inProgress, int retryable, int nonRetryable, int stopped) => new()
    {
        ["Completed"] = completed,
        ["InProgress"] = inProgress,
        ["RetryableError"] = retryable,
        ["NonRetryableError"] = nonRetryable,
        ["Stopped"] = stopped,
    };
}
