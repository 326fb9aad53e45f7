using Pipeline.Aws.Json;

namespace Pipeline.Aws.Glue;

/// <summary>The Glue client over the JSON protocol (<c>AWSGlue</c>, <c>awsJson1_1</c>).</summary>
public sealed class GlueClient : IGlueClient
{
    private readonly AwsJsonClient _client;

    public GlueClient(AwsJsonClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (client.Service != AwsService.Glue)
        {
            throw new ArgumentException($"The JSON client calls '{client.Service.SigningName}', not Glue.", nameof(client));
        }

        _client = client;
    }

    public Task<StartJobRunResponse> StartJobRunAsync(StartJobRunRequest request, CancellationToken cancellationToken = default) =>
        _client.SendAsync<StartJobRunRequest, StartJobRunResponse>("StartJobRun", request, cancellationToken);

    public Task<GetJobRunResponse> GetJobRunAsync(GetJobRunRequest request, CancellationToken cancellationToken = default) =>
        _client.SendAsync<GetJobRunRequest, GetJobRunResponse>("GetJobRun", request, cancellationToken);

    public Task<GetJobRunsResponse> GetJobRunsAsync(GetJobRunsRequest request, CancellationToken cancellationToken = default) =>
        _client.SendAsync<GetJobRunsRequest, GetJobRunsResponse>("GetJobRuns", request, cancellationToken);

    public Task<BatchStopJobRunResponse> BatchStopJobRunAsync(BatchStopJobRunRequest request, CancellationToken cancellationToken = default) =>
        _client.SendAsync<BatchStopJobRunRequest, BatchStopJobRunResponse>("BatchStopJobRun", request, cancellationToken);
}
