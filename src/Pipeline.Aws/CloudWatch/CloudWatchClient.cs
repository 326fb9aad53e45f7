using Pipeline.Aws.Json;
using Pipeline.Aws.SageMaker;

namespace Pipeline.Aws.CloudWatch;

/// <summary>The CloudWatch client over the JSON protocol (<c>GraniteServiceVersion20100801</c>, <c>awsJson1_0</c>).</summary>
public sealed class CloudWatchClient : ICloudWatchClient
{
    private readonly AwsJsonClient _client;

    public CloudWatchClient(AwsJsonClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (client.Service != AwsService.CloudWatch)
        {
            throw new ArgumentException($"The JSON client calls '{client.Service.SigningName}', not CloudWatch.", nameof(client));
        }

        _client = client;
    }

    public Task PutMetricDataAsync(PutMetricDataRequest request, CancellationToken cancellationToken = default) =>
        _client.SendAsync<PutMetricDataRequest, EmptyResponse>("PutMetricData", request, cancellationToken);
}
