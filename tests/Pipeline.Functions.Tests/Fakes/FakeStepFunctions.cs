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

    /// <summary>Executions the list, describe and stop operations see, by ARN; StartExecution does not add to it.</summary>
    public Dictionary<string, DescribeExecutionResponse> Described { get; } = new(StringComparer.Ordinal);

    public List<StopExecutionRequest> StopRequests { get; } = [];

    /// <summary>Adds an execution of <paramref name="stateMachineArn"/> with the given input, start date and status.</summary>
    public string AddExecution(string stateMachineArn, string name, string? input, DateTimeOffset startDate, string status = ExecutionStatus.Running)
    {
        var arn = stateMachineArn.Replace(":stateMachine:", ":execution:", StringComparison.Ordinal) + ":" + name;
        Described[arn] = new DescribeExecutionResponse { ExecutionArn = arn, StateMachineArn = stateMachineArn, Name = name, Status = status, StartDate = startDate, Input = input };
        return arn;
    }

    public Task<DescribeExecutionResponse> DescribeExecutionAsync(DescribeExecutionRequest request, CancellationToken cancellationToken = default) =>
        Described.TryGetValue(request.ExecutionArn, out var execution)
            ? Task.FromResult(execution)
            : throw new AwsServiceErrorException(StepFunctionsErrorCodes.ExecutionDoesNotExist, $"Execution Does Not Exist: '{request.ExecutionArn}'", HttpStatusCode.BadRequest, "fake-request");

    /// <summary>Lists in pages of two, so callers must follow nextToken.</summary>
    public Task<ListExecutionsResponse> ListExecutionsAsync(ListExecutionsRequest request, CancellationToken cancellationToken = default)
    {
        var matching = Described.Values
            .Where(execution => execution.StateMachineArn == request.StateMachineArn && (request.StatusFilter is null || execution.Status == request.StatusFilter))
            .OrderBy(execution => execution.ExecutionArn, StringComparer.Ordinal)
            .ToList();
        var offset = request.NextToken is null ? 0 : int.Parse(request.NextToken, System.Globalization.CultureInfo.InvariantCulture);
        var page = matching.Skip(offset).Take(2).ToList();
        return Task.FromResult(new ListExecutionsResponse
        {
            Executions = [.. page.Select(execution => new ExecutionListItem { ExecutionArn = execution.ExecutionArn, StateMachineArn = execution.StateMachineArn, Name = execution.Name, Status = execution.Status, StartDate = execution.StartDate })],
            NextToken = offset + page.Count < matching.Count ? (offset + page.Count).ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
        });
    }

    /// <summary>Records the request and marks a running execution ABORTED, as StopExecution does.</summary>
    public Task<StopExecutionResponse> StopExecutionAsync(StopExecutionRequest request, CancellationToken cancellationToken = default)
    {
        StopRequests.Add(request);
        if (Described.TryGetValue(request.ExecutionArn, out var execution) && execution.Status == ExecutionStatus.Running)
        {
            Described[request.ExecutionArn] = execution with { Status = ExecutionStatus.Aborted, Error = request.Error, Cause = request.Cause };
        }

        return Task.FromResult(new StopExecutionResponse { StopDate = DateTimeOffset.UnixEpoch });
    }
}
