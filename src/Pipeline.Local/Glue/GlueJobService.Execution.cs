using System.Text.Json.Nodes;
using Pipeline.Local.Glue.Internal;
using Pipeline.Local.Storage;
using Pipeline.Preprocessing;

namespace Pipeline.Local.Glue;

public sealed partial class GlueJobService
{
    private static readonly string[] RequiredArguments = ["--input_uri", "--output_uri", "--spec"];

    /// <summary>
    /// Runs the engine for one job run: copies the input object to a work folder, preprocesses it there, and only
    /// when every step succeeded puts the outputs under <c>--output_uri</c>. The final state is
    /// <c>SUCCEEDED</c>, <c>FAILED</c> (bad arguments, specification or data), <c>STOPPED</c>, <c>TIMEOUT</c>, or
    /// <c>ERROR</c> (an unexpected fault in the local runtime).
    /// </summary>
    private async Task ExecuteAsync(ActiveRun run)
    {
        var jobName = run.Job.Name;
        var workFolder = Path.Combine(_workRoot, "glue", jobName, run.RunId);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(run.TimeoutMinutes), _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(run.Stop.Token, timeout.Token, _shutdown.Token);
        string state;
        string? error = null;
        try
        {
            var record = await UpdateAsync(jobName, run.RunId, current => current["JobRunState"] = JobRunStates.Running).ConfigureAwait(false);
            await RunEngineAsync(run, record["Arguments"]!.AsObject(), workFolder, linked.Token).ConfigureAwait(false);
            state = JobRunStates.Succeeded;
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            (state, error) = timeout.IsCancellationRequested
                ? (JobRunStates.Timeout, $"Job run timed out after {run.TimeoutMinutes} minutes (the run's Timeout). Raise Timeout in StartJobRun or on the job.")
                : run.Stop.IsCancellationRequested
                    ? (JobRunStates.Stopped, (string?)null)
                    : (JobRunStates.Stopped, "The local runtime shut down during the run.");
        }
        catch (Exception ex) when (ex is JobRunFailure or PreprocessingException or PreprocessingSpecException)
        {
            (state, error) = (JobRunStates.Failed, ex.Message);
        }
        catch (Exception ex)
        {
            GlueLog.RunCrashed(_logger, ex, jobName, run.RunId);
            (state, error) = (JobRunStates.Error, $"{ex.GetType().Name}: {ex.Message}");
        }

        try
        {
            var final = await UpdateAsync(jobName, run.RunId, current => Finish(current, state, error)).ConfigureAwait(false);
            if (error is not null && state == JobRunStates.Failed)
            {
                GlueLog.RunFailed(_logger, jobName, run.RunId, error);
            }

            // Finish stores ExecutionTime as an int, and a JsonValue of an int does not convert to long.
            var seconds = final["ExecutionTime"] is JsonValue time && time.TryGetValue<int>(out var value) ? value : 0;
            GlueLog.RunEnded(_logger, jobName, run.RunId, state, seconds);
        }
        finally
        {
            _active.TryRemove(run.RunId, out _);
            DeleteWorkFolder(workFolder, run.RunId);
            run.Finished.TrySetResult();
            run.Dispose();
        }
    }

    private async Task RunEngineAsync(ActiveRun run, JsonObject arguments, string workFolder, CancellationToken cancellationToken)
    {
        var missing = RequiredArguments.Where(name => arguments[name] is null).ToList();
        if (missing.Count > 0)
        {
            throw new JobRunFailure($"GlueArgumentError: the following arguments are required: {string.Join(", ", missing)}. Pass them in StartJobRun Arguments or the job's DefaultArguments.");
        }

        var spec = PreprocessingSpec.Parse((string)arguments["--spec"]!);
        var input = ParseUri((string)arguments["--input_uri"]!, "--input_uri");
        var output = ParseUri((string)arguments["--output_uri"]!, "--output_uri");
        var prefix = output.Key.Length == 0 || output.Key.EndsWith('/') ? output.Key : output.Key + "/";
        if (await _objects.HeadObjectAsync(input.Bucket, input.Key, cancellationToken).ConfigureAwait(false) is null)
        {
            throw new JobRunFailure($"The input object {input} does not exist. Check --input_uri.");
        }

        // The engine reads the file twice; a private copy keeps a concurrent overwrite of the object from mixing versions.
        var inputCopy = Path.Combine(workFolder, "input", Path.GetFileName(input.Key.TrimEnd('/')) is { Length: > 0 } name ? name : "input");
        Directory.CreateDirectory(Path.GetDirectoryName(inputCopy)!);
        File.Copy(_objects.GetObjectFilePath(input.Bucket, input.Key), inputCopy, overwrite: true);

        var outputFolder = Path.Combine(workFolder, "output");
        var engine = new PreprocessingEngine(_loggerFactory);
        var progress = new ProgressLogger(_logger, run.Job.Name, run.RunId);
        try
        {
            await engine.RunAsync(spec, inputCopy, outputFolder, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (PreprocessingException ex) when (ex.Message.Contains(inputCopy, StringComparison.Ordinal))
        {
            // The user knows the object by its S3 URI, not by the run's private copy of it.
            throw new JobRunFailure(ex.Message.Replace(inputCopy, input.ToString(), StringComparison.Ordinal));
        }

        cancellationToken.ThrowIfCancellationRequested();
        foreach (var file in Directory.EnumerateFiles(outputFolder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var key = prefix + Path.GetRelativePath(outputFolder, file).Replace(Path.DirectorySeparatorChar, '/');
            await using var content = File.OpenRead(file);
            try
            {
                await _objects.PutObjectAsync(output.Bucket, key, content, CancellationToken.None).ConfigureAwait(false);
            }
            catch (BucketNotFoundException ex)
            {
                throw new JobRunFailure($"{ex.Message} Check --output_uri.");
            }
        }
    }

    private static S3Uri ParseUri(string value, string argument) =>
        S3Uri.TryParse(value, out var uri) ? uri : throw new JobRunFailure($"{argument} '{value}' is not an S3 URI. Use the form s3://BUCKET/KEY.");

    private void DeleteWorkFolder(string workFolder, string runId)
    {
        try
        {
            if (Directory.Exists(workFolder))
            {
                Directory.Delete(workFolder, recursive: true);
            }
        }
        catch (IOException ex)
        {
            GlueLog.WorkFolderNotDeleted(_logger, workFolder, runId, ex.Message);
        }
        catch (UnauthorizedAccessException ex)
        {
            GlueLog.WorkFolderNotDeleted(_logger, workFolder, runId, ex.Message);
        }
    }
}
