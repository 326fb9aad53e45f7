using System.Net;
using Pipeline.Aws;
using Pipeline.Aws.SageMaker;

namespace Pipeline.Functions.Tests.Fakes;

/// <summary>A model registry in memory that filters and sorts ListModelPackages as SageMaker does.</summary>
internal sealed class FakeSageMaker : ISageMakerClient
{
    public List<DescribeModelPackageResponse> Packages { get; } = [];

    public List<ListModelPackagesRequest> ListRequests { get; } = [];

    public void Register(string group, int version, string approval, DateTimeOffset created, IReadOnlyDictionary<string, string>? metadata) =>
        Packages.Add(new DescribeModelPackageResponse
        {
            ModelPackageArn = $"arn:aws:sagemaker:us-east-1:123456789012:model-package/{group}/{version}",
            ModelPackageGroupName = group,
            ModelPackageVersion = version,
            ModelApprovalStatus = approval,
            CreationTime = created,
            CustomerMetadataProperties = metadata,
        });

    public Task<ListModelPackagesResponse> ListModelPackagesAsync(ListModelPackagesRequest request, CancellationToken cancellationToken = default)
    {
        ListRequests.Add(request);
        IEnumerable<DescribeModelPackageResponse> query = Packages.Where(package => package.ModelPackageGroupName == request.ModelPackageGroupName);
        if (request.ModelApprovalStatus is not null)
        {
            query = query.Where(package => package.ModelApprovalStatus == request.ModelApprovalStatus);
        }

        query = request.SortOrder == "Descending" ? query.OrderByDescending(package => package.CreationTime) : query.OrderBy(package => package.CreationTime);
        if (request.MaxResults is { } max)
        {
            query = query.Take(max);
        }

        return Task.FromResult(new ListModelPackagesResponse
        {
            ModelPackageSummaryList = [.. query.Select(package => new ModelPackageSummary
            {
                ModelPackageArn = package.ModelPackageArn,
                ModelPackageGroupName = package.ModelPackageGroupName,
                ModelPackageVersion = package.ModelPackageVersion,
                CreationTime = package.CreationTime,
                ModelApprovalStatus = package.ModelApprovalStatus,
            })],
        });
    }

    public Task<DescribeModelPackageResponse> DescribeModelPackageAsync(DescribeModelPackageRequest request, CancellationToken cancellationToken = default) =>
        Task.FromResult(Packages.SingleOrDefault(package => package.ModelPackageArn == request.ModelPackageName)
            ?? throw new AwsServiceErrorException("ValidationException", $"Model Package {request.ModelPackageName} does not exist.", HttpStatusCode.BadRequest, "fake-request"));

    /// <summary>Training jobs by name, as DescribeTrainingJob returns them.</summary>
    public Dictionary<string, DescribeTrainingJobResponse> TrainingJobs { get; } = new(StringComparer.Ordinal);

    /// <summary>Tuning jobs, as ListHyperParameterTuningJobs returns them.</summary>
    public List<HyperParameterTuningJobSummary> TuningJobs { get; } = [];

    public List<string> StoppedTrainingJobs { get; } = [];

    /// <summary>Jobs listed as InProgress whose stop fails as if they had just ended.</summary>
    public HashSet<string> EndBeforeStop { get; } = new(StringComparer.Ordinal);

    public List<string> StoppedTuningJobs { get; } = [];

    public void AddTrainingJob(string name, string status, DateTimeOffset created) =>
        TrainingJobs[name] = new DescribeTrainingJobResponse { TrainingJobName = name, TrainingJobArn = $"arn:aws:sagemaker:us-east-1:123456789012:training-job/{name}", TrainingJobStatus = status, CreationTime = created };

    public Task<DescribeTrainingJobResponse> DescribeTrainingJobAsync(DescribeTrainingJobRequest request, CancellationToken cancellationToken = default) =>
        TrainingJobs.TryGetValue(request.TrainingJobName, out var job)
            ? Task.FromResult(job)
            : throw new AwsServiceErrorException("ValidationException", "Requested resource not found.", HttpStatusCode.BadRequest, "fake-request");

    public Task<ListTrainingJobsResponse> ListTrainingJobsAsync(ListTrainingJobsRequest request, CancellationToken cancellationToken = default) =>
        Task.FromResult(new ListTrainingJobsResponse
        {
            TrainingJobSummaries = [.. TrainingJobs.Values
                .Where(job => request.StatusEquals is null || job.TrainingJobStatus == request.StatusEquals)
                .Select(job => new TrainingJobSummary { TrainingJobName = job.TrainingJobName!, TrainingJobArn = job.TrainingJobArn, TrainingJobStatus = job.TrainingJobStatus, CreationTime = job.CreationTime ?? default })],
        });

    public Task<ListHyperParameterTuningJobsResponse> ListHyperParameterTuningJobsAsync(ListHyperParameterTuningJobsRequest request, CancellationToken cancellationToken = default) =>
        Task.FromResult(new ListHyperParameterTuningJobsResponse
        {
            HyperParameterTuningJobSummaries = [.. TuningJobs.Where(job => request.StatusEquals is null || job.HyperParameterTuningJobStatus == request.StatusEquals)],
        });

    /// <summary>Moves an InProgress job to Stopping; any other status fails with ValidationException, as SageMaker does.</summary>
    public Task StopTrainingJobAsync(StopTrainingJobRequest request, CancellationToken cancellationToken = default)
    {
        if (!TrainingJobs.TryGetValue(request.TrainingJobName, out var job) || job.TrainingJobStatus != TrainingJobStatus.InProgress || EndBeforeStop.Contains(request.TrainingJobName))
        {
            throw new AwsServiceErrorException("ValidationException", $"The request was rejected because the training job is in status {job?.TrainingJobStatus ?? "(missing)"}.", HttpStatusCode.BadRequest, "fake-request");
        }

        TrainingJobs[request.TrainingJobName] = job with { TrainingJobStatus = TrainingJobStatus.Stopping };
        StoppedTrainingJobs.Add(request.TrainingJobName);
        return Task.CompletedTask;
    }

    public Task StopHyperParameterTuningJobAsync(StopHyperParameterTuningJobRequest request, CancellationToken cancellationToken = default)
    {
        StoppedTuningJobs.Add(request.HyperParameterTuningJobName);
        return Task.CompletedTask;
    }
}
