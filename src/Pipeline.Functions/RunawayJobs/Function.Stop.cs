using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Text.Json.Nodes;
using Pipeline.Aws;
using Pipeline.Aws.SageMaker;
using Pipeline.Aws.StepFunctions;

namespace Pipeline.Functions.RunawayJobs;

public sealed partial class Function
{
    /// <summary>The error that StopExecution records on an execution stopped for running too long.</summary>
    public const string RunawayExecutionError = "Pipeline.RunawayExecution";

    private enum StopOutcome
    {
        Stopped,
        AlreadyEnded,
    }

    /// <summary>Stops the jobs past their limits when the alarm changed to ALARM; other states stop nothing.</summary>
    private async Task<JsonObject> OnAlarmAsync(AlarmStateChange change, CancellationToken cancellationToken)
    {
        if (!string.Equals(change.State, "ALARM", StringComparison.Ordinal))
        {
            Log.AlarmIgnored(_logger, change.AlarmName, change.State);
            return new JsonObject { ["action"] = "none", ["alarmName"] = change.AlarmName, ["state"] = change.State };
        }

        Log.AlarmReceived(_logger, change.AlarmName, change.Reason ?? "(no reason)");
        var now = _timeProvider.GetUtcNow();
        var runaway = (await ListRunningJobsAsync(cancellationToken).ConfigureAwait(false))
            .Where(job => job.AgeAt(now) > _options.LimitOf(job.Kind))

            // SageMaker jobs first: stopping one lets its execution fail through its own Catch.
            .OrderBy(job => job.Kind == RunningJobKind.Execution ? 1 : 0)
            .ThenBy(job => job.StartTime)
            .ToList();

        var stopped = new JsonArray();
        var alreadyEnded = new JsonArray();
        var failures = new List<Exception>();
        foreach (var job in runaway)
        {
            var age = job.AgeAt(now);
            var limit = _options.LimitOf(job.Kind);
            var entry = new JsonObject
            {
                ["kind"] = job.Kind.ToString(),
                ["id"] = job.Id,
                ["runtimeSeconds"] = Math.Round(age.TotalSeconds),
                ["limitSeconds"] = limit.TotalSeconds,
            };
            try
            {
                var outcome = await StopAsync(job, age, limit, change.AlarmName, cancellationToken).ConfigureAwait(false);
                if (outcome == StopOutcome.Stopped)
                {
                    Log.JobStopped(_logger, job.Kind.ToString(), job.Id, age.TotalSeconds, limit.TotalSeconds, change.AlarmName);
                    stopped.Add(entry);
                }
                else
                {
                    Log.JobAlreadyEnded(_logger, job.Kind.ToString(), job.Id);
                    alreadyEnded.Add(entry);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Log.StopFailed(_logger, exception, job.Kind.ToString(), job.Id);
                failures.Add(exception);
            }
        }

        Log.AlarmHandled(_logger, change.AlarmName, stopped.Count, alreadyEnded.Count, failures.Count);
        if (failures.Count == 1)
        {
            ExceptionDispatchInfo.Capture(failures[0]).Throw();
        }

        if (failures.Count > 1)
        {
            throw new AggregateException($"{failures.Count} of {runaway.Count} runaway jobs could not be stopped: " + string.Join(" | ", failures.Select(failure => failure.Message)), failures);
        }

        return new JsonObject
        {
            ["action"] = "stop",
            ["alarmName"] = change.AlarmName,
            ["stopped"] = stopped,
            ["alreadyEnded"] = alreadyEnded,
        };
    }

    private async Task<StopOutcome> StopAsync(RunningJob job, TimeSpan age, TimeSpan limit, string alarmName, CancellationToken cancellationToken)
    {
        try
        {
            switch (job.Kind)
            {
                case RunningJobKind.TrainingJob:
                    await _sageMaker.Value.StopTrainingJobAsync(new StopTrainingJobRequest { TrainingJobName = job.Id }, cancellationToken).ConfigureAwait(false);
                    return StopOutcome.Stopped;
                case RunningJobKind.TuningJob:
                    await _sageMaker.Value.StopHyperParameterTuningJobAsync(new StopHyperParameterTuningJobRequest { HyperParameterTuningJobName = job.Id }, cancellationToken).ConfigureAwait(false);
                    return StopOutcome.Stopped;
                default:
                    return await StopExecutionAsync(job, age, limit, alarmName, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (AwsServiceErrorException exception) when (job.Kind != RunningJobKind.Execution && exception.ErrorCode == "ValidationException")
        {
            // SageMaker rejects a stop with ValidationException once the job has left InProgress, for example
            // because it completed between the listing and the stop.
            return StopOutcome.AlreadyEnded;
        }
    }

    private async Task<StopOutcome> StopExecutionAsync(RunningJob job, TimeSpan age, TimeSpan limit, string alarmName, CancellationToken cancellationToken)
    {
        // Stopping a training job may already have ended this execution through its Catch.
        var current = await _stepFunctions.Value.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = job.Id }, cancellationToken).ConfigureAwait(false);
        if (current.Status != ExecutionStatus.Running)
        {
            return StopOutcome.AlreadyEnded;
        }

        var cause = string.Create(
            CultureInfo.InvariantCulture,
            $"The execution ran {age.TotalSeconds:0} s, longer than its limit of {limit.TotalSeconds:0} s ({RunawayJobsOptions.LimitVariableOf(job.Kind)}); stopped when alarm {alarmName} changed to ALARM.");
        await _stepFunctions.Value.StopExecutionAsync(new StopExecutionRequest { ExecutionArn = job.Id, Error = RunawayExecutionError, Cause = cause }, cancellationToken).ConfigureAwait(false);
        return StopOutcome.Stopped;
    }
}
