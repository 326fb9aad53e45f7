namespace Pipeline.Aws.CloudWatch;

/// <summary>The CloudWatch operations the pipeline calls. Errors raise <see cref="AwsServiceErrorException"/>.</summary>
public interface ICloudWatchClient
{
    Task PutMetricDataAsync(PutMetricDataRequest request, CancellationToken cancellationToken = default);
}
