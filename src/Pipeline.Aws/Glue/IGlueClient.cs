namespace Pipeline.Aws.Glue;

/// <summary>The Glue job run operations the pipeline calls. Errors raise <see cref="AwsServiceErrorException"/>.</summary>
public interface IGlueClient
{
    Task<StartJobRunResponse> StartJobRunAsync(StartJobRunRequest request, CancellationToken cancellationToken = default);

    Task<GetJobRunResponse> GetJobRunAsync(GetJobRunRequest request, CancellationToken cancellationToken = default);

    Task<GetJobRunsResponse> GetJobRunsAsync(GetJobRunsRequest request, CancellationToken cancellationToken = default);

    Task<BatchStopJobRunResponse> BatchStopJobRunAsync(BatchStopJobRunRequest request, CancellationToken cancellationToken = default);
}
