namespace Pipeline.Aws.StepFunctions;

/// <summary>The Step Functions operations the pipeline calls. Errors raise <see cref="AwsServiceErrorException"/>.</summary>
public interface IStepFunctionsClient
{
    Task<StartExecutionResponse> StartExecutionAsync(StartExecutionRequest request, CancellationToken cancellationToken = default);

    Task<DescribeExecutionResponse> DescribeExecutionAsync(DescribeExecutionRequest request, CancellationToken cancellationToken = default);

    Task<ListExecutionsResponse> ListExecutionsAsync(ListExecutionsRequest request, CancellationToken cancellationToken = default);

    Task<StopExecutionResponse> StopExecutionAsync(StopExecutionRequest request, CancellationToken cancellationToken = default);
}
