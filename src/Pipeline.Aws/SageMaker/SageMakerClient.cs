using Pipeline.Aws.Json;

namespace Pipeline.Aws.SageMaker;

/// <summary>The SageMaker client over the JSON protocol (<c>SageMaker</c>, <c>awsJson1_1</c>).</summary>
public sealed class SageMakerClient : ISageMakerClient
{
    private readonly AwsJsonClient _client;

    public SageMakerClient(AwsJsonClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (client.Service != AwsService.SageMaker)
        {
            throw new ArgumentException($"The JSON client calls '{client.Service.SigningName}', not SageMaker.", nameof(client));
        }

        _client = client;
    }

    public Task<ListModelPackagesResponse> ListModelPackagesAsync(ListModelPackagesRequest request, CancellationToken cancellationToken = default) =>
        _client.SendAsync<ListModelPackagesRequest, ListModelPackagesResponse>("ListModelPackages", request, cancellationToken);

    public Task<DescribeModelPackageResponse> DescribeModelPackageAsync(DescribeModelPackageRequest request, CancellationToken cancellationToken = default) =>
        _client.SendAsync<DescribeModelPackageRequest, DescribeModelPackageResponse>("DescribeModelPackage", request, cancellationToken);

    public Task<DescribeTrainingJobResponse> DescribeTrainingJobAsync(DescribeTrainingJobRequest request, CancellationToken cancellationToken = default) =>
        _client.SendAsync<DescribeTrainingJobRequest, DescribeTrainingJobResponse>("DescribeTrainingJob", request, cancellationToken);

    public Task<ListTrainingJobsResponse> ListTrainingJobsAsync(ListTrainingJobsRequest request, CancellationToken cancellationToken = default) =>
        _client.SendAsync<ListTrainingJobsRequest, ListTrainingJobsResponse>("ListTrainingJobs", request, cancellationToken);

    public Task<ListHyperParameterTuningJobsResponse> ListHyperParameterTuningJobsAsync(ListHyperParameterTuningJobsRequest request, CancellationToken cancellationToken = default) =>
        _client.SendAsync<ListHyperParameterTuningJobsRequest, ListHyperParameterTuningJobsResponse>("ListHyperParameterTuningJobs", request, cancellationToken);

    public Task StopTrainingJobAsync(StopTrainingJobRequest request, CancellationToken cancellationToken = default) =>
        _client.SendAsync<StopTrainingJobRequest, EmptyResponse>("StopTrainingJob", request, cancellationToken);

    public Task StopHyperParameterTuningJobAsync(StopHyperParameterTuningJobRequest request, CancellationToken cancellationToken = default) =>
        _client.SendAsync<StopHyperParameterTuningJobRequest, EmptyResponse>("StopHyperParameterTuningJob", request, cancellationToken);
}
