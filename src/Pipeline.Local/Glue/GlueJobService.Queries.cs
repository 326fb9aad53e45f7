using System.Globalization;
using System.Text.Json.Nodes;
using Pipeline.Local.Glue.Internal;
using Pipeline.Local.Services;

namespace Pipeline.Local.Glue;

public sealed partial class GlueJobService
{
    /// <summary>Returns a run (<c>GetJobRun</c>: <c>JobName</c>, <c>RunId</c>) as <c>{ "JobRun": { ... } }</c>.</summary>
    public async Task<JsonObject> GetJobRunAsync(JsonObject request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var job = FindJob(GlueRequest.RequiredString(request, "JobName"));
        var runId = GlueRequest.RequiredString(request, "RunId");
        var record = await GetRecordAsync(job.Name, runId, cancellationToken).ConfigureAwait(false);
        return new JsonObject { ["JobRun"] = record };
    }

    /// <summary>
    /// Lists the names of the template's jobs in order (<c>ListJobs</c>: <c>MaxResults</c> 1-1000, default 1000, and
    /// <c>NextToken</c>). <c>Tags</c> filters are not supported, because local jobs have no tags.
    /// </summary>
    public Task<JsonObject> ListJobsAsync(JsonObject request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request["Tags"] is JsonObject { Count: > 0 })
        {
            throw GlueRequest.Invalid("Tags filters are not supported by the local runtime, because local jobs have no tags. Remove Tags from the request.");
        }

        var maxResults = GlueRequest.OptionalInt(request, "MaxResults", 1, 1000) ?? 1000;
        var start = 0;
        if (GlueRequest.OptionalString(request, "NextToken") is { } token
            && (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out start) || start > _jobs.Count))
        {
            throw GlueRequest.Invalid($"NextToken '{token}' is not a token returned by ListJobs.");
        }

        var names = _jobs.Keys.Order(StringComparer.Ordinal).ToList();
        var response = new JsonObject { ["JobNames"] = new JsonArray([.. names.Skip(start).Take(maxResults).Select(name => (JsonNode)name)]) };
        if (start + maxResults < names.Count)
        {
            response["NextToken"] = (start + maxResults).ToString(CultureInfo.InvariantCulture);
        }

        return Task.FromResult(response);
    }

    /// <summary>
    /// Lists a job's runs newest first (<c>GetJobRuns</c>: <c>JobName</c>, <c>MaxResults</c> 1-200, default 100,
    /// and <c>NextToken</c>).
    /// </summary>
    public async Task<JsonObject> GetJobRunsAsync(JsonObject request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var job = FindJob(GlueRequest.RequiredString(request, "JobName"));
        var maxResults = GlueRequest.OptionalInt(request, "MaxResults", 1, 200) ?? 100;
        var start = 0;
        if (GlueRequest.OptionalString(request, "NextToken") is { } token
            && (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out start)))
        {
            throw GlueRequest.Invalid($"NextToken '{token}' is not a token returned by GetJobRuns.");
        }

        var records = await _store.ListAsync(JobRunKind, cancellationToken).ConfigureAwait(false);
        var runs = new List<JsonObject>();
        foreach (var record in records.Where(record => (string?)record["JobName"] == job.Name).Reverse())
        {
            runs.Add(await ResolveOrphanAsync(record, cancellationToken).ConfigureAwait(false));
        }

        var page = runs.Skip(start).Take(maxResults).ToList();
        var response = new JsonObject { ["JobRuns"] = new JsonArray([.. page]) };
        if (start + maxResults < runs.Count)
        {
            response["NextToken"] = (start + maxResults).ToString(CultureInfo.InvariantCulture);
        }

        return response;
    }

    /// <summary>
    /// Stops runs (<c>BatchStopJobRun</c>: <c>JobName</c>, <c>JobRunIds</c>, 1-25). Active runs move to
    /// <c>STOPPING</c> and then <c>STOPPED</c>; runs that are unknown or already finished are listed in <c>Errors</c>.
    /// </summary>
    public async Task<JsonObject> BatchStopJobRunAsync(JsonObject request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var job = FindJob(GlueRequest.RequiredString(request, "JobName"));
        if (request["JobRunIds"] is not JsonArray ids || ids.Count is < 1 or > 25)
        {
            throw GlueRequest.Invalid("JobRunIds must be a list of 1 to 25 job run ids.");
        }

        var successful = new JsonArray();
        var errors = new JsonArray();
        foreach (var id in ids.Select(node => node?.GetValue<string>() ?? string.Empty))
        {
            var (code, message) = await TryStopAsync(job.Name, id, cancellationToken).ConfigureAwait(false);
            if (code is null)
            {
                successful.Add(new JsonObject { ["JobName"] = job.Name, ["JobRunId"] = id });
            }
            else
            {
                errors.Add(new JsonObject
                {
                    ["JobName"] = job.Name,
                    ["JobRunId"] = id,
                    ["ErrorDetail"] = new JsonObject { ["ErrorCode"] = code, ["ErrorMessage"] = message },
                });
            }
        }

        return new JsonObject { ["SuccessfulSubmissions"] = successful, ["Errors"] = errors };
    }

    /// <summary>
    /// Waits until a run ends and returns its final <c>JobRun</c>, as the Step Functions
    /// <c>glue:startJobRun.sync</c> integration does.
    /// </summary>
    public async Task<JsonObject> WaitForCompletionAsync(string jobName, string runId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobName);
        ArgumentException.ThrowIfNullOrEmpty(runId);
        FindJob(jobName);
        if (_active.TryGetValue(runId, out var run))
        {
            await run.Finished.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        return await GetRecordAsync(jobName, runId, cancellationToken).ConfigureAwait(false);
    }

    private async Task<(string? Code, string? Message)> TryStopAsync(string jobName, string runId, CancellationToken cancellationToken)
    {
        var record = await _store.GetAsync(JobRunKind, RecordName(jobName, runId), cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return ("EntityNotFoundException", $"Job run {runId} of job {jobName} not found.");
        }

        if (!_active.TryGetValue(runId, out var run) || !JobRunStates.IsActive((string?)record["JobRunState"]))
        {
            return ("InvalidInputException", $"Job run {runId} is {(string?)record["JobRunState"]}; only a STARTING or RUNNING run can be stopped.");
        }

        await UpdateAsync(jobName, runId, current =>
        {
            if ((string?)current["JobRunState"] is JobRunStates.Starting or JobRunStates.Running)
            {
                current["JobRunState"] = JobRunStates.Stopping;
            }
        }).ConfigureAwait(false);
        await run.Stop.CancelAsync().ConfigureAwait(false);
        return (null, null);
    }

    private async Task<JsonObject> GetRecordAsync(string jobName, string runId, CancellationToken cancellationToken)
    {
        var record = await _store.GetAsync(JobRunKind, RecordName(jobName, runId), cancellationToken).ConfigureAwait(false)
            ?? throw new AwsServiceException("EntityNotFoundException", $"Job run {runId} of job {jobName} not found.");
        return await ResolveOrphanAsync(record, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Marks a run that no process is executing any more (the runtime restarted) as <c>ERROR</c>.</summary>
    private async Task<JsonObject> ResolveOrphanAsync(JsonObject record, CancellationToken cancellationToken)
    {
        var runId = (string)record["Id"]!;
        var state = (string?)record["JobRunState"];
        if (!JobRunStates.IsActive(state) || _active.ContainsKey(runId) || OtherRuntimesAlive())
        {
            return record;
        }

        var jobName = (string)record["JobName"]!;
        GlueLog.RunOrphaned(_logger, jobName, runId, state!);
        cancellationToken.ThrowIfCancellationRequested();
        return await UpdateAsync(jobName, runId, current => Finish(current, JobRunStates.Error, "The local runtime stopped while this run was in progress. Start the job again.")).ConfigureAwait(false);
    }

    private async Task<JsonObject> UpdateAsync(string jobName, string runId, Action<JsonObject> change)
    {
        await _recordLock.WaitAsync().ConfigureAwait(false);
        try
        {
            var record = await _store.GetAsync(JobRunKind, RecordName(jobName, runId)).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"The record of job run {runId} disappeared.");
            change(record);
            record["LastModifiedOn"] = GlueRequest.Timestamp(_timeProvider.GetUtcNow());
            await _store.PutAsync(JobRunKind, RecordName(jobName, runId), record).ConfigureAwait(false);
            return record;
        }
        finally
        {
            _recordLock.Release();
        }
    }

    private void Finish(JsonObject record, string state, string? errorMessage)
    {
        var now = _timeProvider.GetUtcNow();
        record["JobRunState"] = state;
        record["CompletedOn"] = GlueRequest.Timestamp(now);
        var started = DateTimeOffset.FromUnixTimeMilliseconds((long)((decimal)record["StartedOn"]! * 1000));
        record["ExecutionTime"] = (int)Math.Max(0, Math.Round((now - started).TotalSeconds));
        if (errorMessage is not null)
        {
            record["ErrorMessage"] = errorMessage;
        }
    }
}
