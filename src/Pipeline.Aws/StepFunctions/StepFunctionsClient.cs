using Pipeline.Aws.Json;

namespace Pipeline.Aws.StepFunctions;

/// <summary>The Step Functions client over the JSON protocol (<c>AWSStepFunctions</c>, <c>awsJson1_0</c>).</summary>
public sealed class StepFunctionsClient : IStepFunctionsClient
{
    private readonly AwsJsonClient _client;

    public StepFunctionsClient(AwsJsonClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (client.Service != AwsService.StepFunctions)
        {
            throw new ArgumentException($"The JSON client calls '{client.Service.SigningName}', not Step Functions.", nameof(client));
        }

        _client = client;
    }

    public Task<StartExecutionResponse> StartExecutionAsync(StartExecutionRequest request, CancellationToken cancellationToken = default) =>
        _client.SendAsync<StartExecutionRequest, StartExecutionResponse>("StartExecution", request, cancellationToken);

    public Task<DescribeExecutionResponse> DescribeExecutionAsync(DescribeExecutionRequest request, CancellationToken cancellationToken = default) =>
        _client.SendAsync<DescribeExecutionRequest, DescribeExecutionResponse>("DescribeExecution", request, cancellationToken);

    public Task<ListExecutionsResponse> ListExecutionsAsync(ListExecutionsRequest request, CancellationToken cancellationToken = default) =>
        _client.SendAsync<ListExecutionsRequest, ListExecutionsResponse>("ListExecutions", request, cancellationToken);

    public Task<StopExecutionResponse> StopExecutionAsync(StopExecutionRequest request, CancellationToken cancellationToken = default) =>
        _client.SendAsync<StopExecutionRequest, StopExecutionResponse>("StopExecution", request, cancellationToken);
}
