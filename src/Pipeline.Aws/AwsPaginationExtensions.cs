using Pipeline.Aws.Glue;
using Pipeline.Aws.SageMaker;
using Pipeline.Aws.StepFunctions;

namespace Pipeline.Aws;

/// <summary>Every-page versions of the list operations, built on <see cref="AwsPaginator"/>.</summary>
public static class AwsPaginationExtensions
{
    /// <summary>Yields the executions of every page of <c>ListExecutions</c>.</summary>
    public static IAsyncEnumerable<ExecutionListItem> ListAllExecutionsAsync(this IStepFunctionsClient client, ListExecutionsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        return AwsPaginator.PaginateAsync(
            (token, ct) => client.ListExecutionsAsync(request with { NextToken = token }, ct),
            page => page.Executions,
            page => page.NextToken,
            cancellationToken);
    }

    /// <summary>Yields the summaries of every page of <c>ListModelPackages</c>.</summary>
    public static IAsyncEnumerable<ModelPackageSummary> ListAllModelPackagesAsync(this ISageMakerClient client, ListModelPackagesRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        return AwsPaginator.PaginateAsync(
            (token, ct) => client.ListModelPackagesAsync(request with { NextToken = token }, ct),
            page => page.ModelPackageSummaryList,
            page => page.NextToken,
            cancellationToken);
    }

    /// <summary>Yields the summaries of every page of <c>ListTrainingJobs</c>.</summary>
    public static IAsyncEnumerable<TrainingJobSummary> ListAllTrainingJobsAsync(this ISageMakerClient client, ListTrainingJobsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        return AwsPaginator.PaginateAsync(
            (token, ct) => client.ListTrainingJobsAsync(request with { NextToken = token }, ct),
            page => page.TrainingJobSummaries,
            page => page.NextToken,
            cancellationToken);
    }

    /// <summary>Yields the summaries of every page of <c>ListHyperParameterTuningJobs</c>.</summary>
    public static IAsyncEnumerable<HyperParameterTuningJobSummary> ListAllHyperParameterTuningJobsAsync(this ISageMakerClient client, ListHyperParameterTuningJobsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        return AwsPaginator.PaginateAsync(
            (token, ct) => client.ListHyperParameterTuningJobsAsync(request with { NextToken = token }, ct),
            page => page.HyperParameterTuningJobSummaries,
            page => page.NextToken,
            cancellationToken);
    }

    /// <summary>Yields the runs of every page of <c>GetJobRuns</c>.</summary>
    public static IAsyncEnumerable<JobRun> GetAllJobRunsAsync(this IGlueClient client, GetJobRunsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        return AwsPaginator.PaginateAsync(
            (token, ct) => client.GetJobRunsAsync(request with { NextToken = token }, ct),
            page => page.JobRuns,
            page => page.NextToken,
            cancellationToken);
    }
}
