using Pipeline.Aws.CloudWatch;

namespace Pipeline.Functions.Tests.Fakes;

/// <summary>Records the PutMetricData requests it receives.</summary>
internal sealed class FakeCloudWatch : ICloudWatchClient
{
    public List<PutMetricDataRequest> Requests { get; } = [];

    public Task PutMetricDataAsync(PutMetricDataRequest request, CancellationToken cancellationToken = default)
    {
        Requests.Add(request);
        return Task.CompletedTask;
    }
}
