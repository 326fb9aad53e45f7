using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Aws;
using Pipeline.Aws.SageMaker;
using Pipeline.Aws.StepFunctions;

namespace Pipeline.Functions.RunawayJobs;

public sealed partial class Function
{
    /// <summary>
    /// Lists the running executions of the state machine and the SageMaker jobs in scope. In the Pipeline scope a
    /// training job counts when a running execution's input names it (<c>names.trainingJob</c>) and it is
    /// InProgress; the Account scope adds every InProgress training and tuning job of ListTrainingJobs and
    /// ListHyperParameterTuningJobs.
    /// </summary>
    private async Task<List<RunningJob>> ListRunningJobsAsync(CancellationToken cancellationToken)
    {
        var jobs = new List<RunningJob>();
        var trainingJobs = new Dictionary<string, RunningJob>(StringComparer.OrdinalIgnoreCase);
        var executions = _stepFunctions.Value.ListAllExecutionsAsync(
            new ListExecutionsRequest { StateMachineArn = _options.StateMachineArn!, StatusFilter = ExecutionStatus.Running },
            cancellationToken);
        await foreach (var execution in executions.ConfigureAwait(false))
        {
            jobs.Add(new RunningJob(RunningJobKind.Execution, execution.ExecutionArn, execution.StartDate));
            var name = await TrainingJobNameOfAsync(execution.ExecutionArn, cancellationToken).ConfigureAwait(false);
            if (name is not null && !trainingJobs.ContainsKey(name) && await DescribeRunningTrainingJobAsync(name, cancellationToken).ConfigureAwait(false) is { } job)
            {
                trainingJobs[name] = job;
            }
        }

        if (_options.Scope == JobScope.Account)
        {
            var listed = _sageMaker.Value.ListAllTrainingJobsAsync(new ListTrainingJobsRequest { StatusEquals = TrainingJobStatus.InProgress }, cancellationToken);
            await foreach (var summary in listed.ConfigureAwait(false))
            {
                trainingJobs.TryAdd(summary.TrainingJobName, new RunningJob(RunningJobKind.TrainingJob, summary.TrainingJobName, summary.CreationTime));
            }

            var tuning = _sageMaker.Value.ListAllHyperParameterTuningJobsAsync(new ListHyperParameterTuningJobsRequest { StatusEquals = "InProgress" }, cancellationToken);
            await foreach (var summary in tuning.ConfigureAwait(false))
            {
                jobs.Add(new RunningJob(RunningJobKind.TuningJob, summary.HyperParameterTuningJobName, summary.CreationTime));
            }
        }

        jobs.AddRange(trainingJobs.Values);
        return jobs;
    }

    /// <summary>Returns <c>names.trainingJob</c> of an execution's input, or null when the input has none.</summary>
    private async Task<string?> TrainingJobNameOfAsync(string executionArn, CancellationToken cancellationToken)
    {
        DescribeExecutionResponse execution;
        try
        {
            execution = await _stepFunctions.Value.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = executionArn }, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceErrorException exception) when (exception.ErrorCode == StepFunctionsErrorCodes.ExecutionDoesNotExist)
        {
            return null;
        }

        if (string.IsNullOrEmpty(execution.Input))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(execution.Input)?["names"]?["trainingJob"] is JsonValue name && name.GetValueKind() == JsonValueKind.String
                ? name.GetValue<string>()
                : null;
        }
        catch (JsonException)
        {
            // An execution started by hand with text that is not JSON names no training job of the pipeline.
            return null;
        }
    }

    /// <summary>Returns the job when it exists and is InProgress; a job the execution has not created yet returns null.</summary>
    private async Task<RunningJob?> DescribeRunningTrainingJobAsync(string name, CancellationToken cancellationToken)
    {
        DescribeTrainingJobResponse job;
        try
        {
            job = await _sageMaker.Value.DescribeTrainingJobAsync(new DescribeTrainingJobRequest { TrainingJobName = name }, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceErrorException exception) when (exception.ErrorCode == "ValidationException")
        {
            // SageMaker reports an unknown training job as ValidationException "Requested resource not found".
            return null;
        }

        return job.TrainingJobStatus == TrainingJobStatus.InProgress && (job.CreationTime ?? job.TrainingStartTime) is { } created
            ? new RunningJob(RunningJobKind.TrainingJob, job.TrainingJobName ?? name, created)
            : null;
    }
}
