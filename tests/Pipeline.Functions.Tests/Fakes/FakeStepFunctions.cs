using System.Net;
using Pipeline.Aws;
using Pipeline.Aws.StepFunctions;

namespace Pipeline.Functions.Tests.Fakes;

/// <summary>
/// StartExecution as AWS implements it. The same name with the same input returns the existing
/// execution. The same name with another input fails with ExecutionAlreadyExists.
/// </summary>
internal sealed class FakeStepFunctions : IStepFunctionsClient
{
    private readonly Dictionary<string, StartExecutionRequest> _executions = new(StringComparer.Ordinal);

    public List<StartExecutionRequest> StartRequests { get; } = [];

    /// <summary>When set, every StartExecution fails with this error.</summary>
    public AwsServiceErrorException? FailWith { get; set; }

    public IReadOnlyDictionary<string, StartExecutionRequest> Executions => _executions;

    public Task<StartExecutionResponse> StartExecutionAsync(StartExecutionRequest request, CancellationToken cancellationToken = default)
    {
        StartRequests.Add(request);
        if (FailWith is not null)
        {
            throw FailWith;
        }

        var name = request.Name ?? Guid.NewGuid().ToString();
        var arn = request.StateMachineArn.Replace(":stateMachine:", ":execution:", StringComparison.Ordinal) + ":" + name;
        if (_executions.TryGetValue(name, out var existing) && existing.Input != request.Input)
        {
            throw new AwsServiceErrorException(StepFunctionsErrorCodes.ExecutionAlreadyExists, $"Execution Already Exists: '{arn}'", HttpStatusCode.BadRequest, "fake-request");
        }

        _executions[name] = request;
        return Task.FromResult(new StartExecutionResponse { ExecutionArn = arn, StartDate = DateTimeOffset.UnixEpoch });
    }

    public Task<DescribeExecutionResponse> DescribeExecutionAsync(DescribeExecutionRequest request, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("DataArrived does not describe executions.");

    public Task<ListExecutionsResponse> ListExecutionsAsync(ListExecutionsRequest request, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("DataArrived does not list executions.");

    public Task<StopExecutionResponse> StopExecutionAsync(StopExecutionRequest request, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("DataArrived does not stop executions.");
}
