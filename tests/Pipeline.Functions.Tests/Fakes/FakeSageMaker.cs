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

    public Task<DescribeTrainingJobResponse> DescribeTrainingJobAsync(DescribeTrainingJobRequest request, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public Task<ListTrainingJobsResponse> ListTrainingJobsAsync(ListTrainingJobsRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<ListHyperParameterTuningJobsResponse> ListHyperParameterTuningJobsAsync(ListHyperParameterTuningJobsRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task StopTrainingJobAsync(StopTrainingJobRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task StopHyperParameterTuningJobAsync(StopHyperParameterTuningJobRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();
}
