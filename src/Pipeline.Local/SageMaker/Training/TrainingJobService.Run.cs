using System.Text.Json.Nodes;
using Pipeline.Learning;
using Pipeline.Local.Services;
using Pipeline.Local.Storage;

namespace Pipeline.Local.SageMaker.Training;

/// <summary>Running a job: download (resolve channels), train, upload the model, record the outcome.</summary>
public sealed partial class TrainingJobService
{
    /// <summary>Number of jobs running in this process.</summary>
    internal int RunningCount => _running.Count;

    /// <summary>Raised on the training thread after each boosting round, with the job name; tests use it to act mid-training.</summary>
    internal event Action<string, TrainingRound>? RoundCompleted;

    /// <summary>Creates a job record and starts the job; the tuning service passes the ARN of its tuning job.</summary>
    internal async Task<JsonObject> StartAsync(JsonObject request, string? tuningJobArn, CancellationToken cancellationToken)
    {
        var job = TrainingJobRequest.Read(request);
        var key = job.TrainingJobName.ToLowerInvariant();
        var record = NewRecord(request, job, tuningJobArn);
        var running = new RunningJob(job.TrainingJobName);
        _running[key] = running;
        if (!await _store.TryAddAsync(JobKind, key, record, cancellationToken).ConfigureAwait(false))
        {
            _running.TryRemove(key, out _);
            running.Dispose();
            // CreateTrainingJob's API reference lists ResourceInUse for a name that is taken.
            throw new AwsServiceException(
                "ResourceInUse",
                $"Training job names must be unique within an AWS account and region, and a training job with this name already exists ({JobArn(job.TrainingJobName)})");
        }

        Log.TrainingJobCreated(_logger, job.TrainingJobName);
        _ = Task.Run(() => RunAsync(job, running), CancellationToken.None);
        return new JsonObject { ["TrainingJobArn"] = JobArn(job.TrainingJobName) };
    }

    private async Task RunAsync(TrainingJobRequest job, RunningJob running)
    {
        var key = job.TrainingJobName.ToLowerInvariant();
        var streamName = FormattableString.Invariant($"{job.TrainingJobName}/algo-1-{_timeProvider.GetUtcNow().ToUnixTimeSeconds()}");
        var jobDirectory = Path.Combine(_workRoot, key);
        var modelDirectory = Path.Combine(jobDirectory, "model");
        using var maxRuntime = new CancellationTokenSource(TimeSpan.FromSeconds(job.MaxRuntimeInSeconds), _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(running.Stop.Token, maxRuntime.Token);
        void WriteLog(string line) => Logs.Append(LogGroupName, streamName, line);

        try
        {
            Logs.EnsureStream(LogGroupName, streamName);
            await UpdateAsync(key, document =>
            {
                Transition(document, "Downloading");
                document["TrainingStartTime"] = SageMakerRequest.ToEpochSeconds(_timeProvider.GetUtcNow());
            }, CancellationToken.None).ConfigureAwait(false);

            var channels = new List<TrainingChannel>();
            foreach (var channel in job.Channels)
            {
                channels.Add(await ChannelResolver.ResolveAsync(_objects, channel, linked.Token).ConfigureAwait(false));
            }

            TrainingOutcome? outcome = null;
            if (!linked.IsCancellationRequested)
            {
                await UpdateAsync(key, document => Transition(document, "Training"), CancellationToken.None).ConfigureAwait(false);
                PrepareDirectory(jobDirectory, modelDirectory);
                var request = new TrainingRequest(job.TrainingImage, job.HyperParameters, channels, modelDirectory, Path.Combine(jobDirectory, "work"))
                {
                    MetricDefinitions = job.MetricDefinitions,
                    Environment = job.Environment,
                    TrainingJobName = job.TrainingJobName,
                };
                var progress = new Progress(this, running);
                outcome = await _engine.TrainAsync(request, progress, WriteLog, linked.Token).ConfigureAwait(false);
            }

            var exceeded = maxRuntime.IsCancellationRequested && !running.Stop.IsCancellationRequested;
            var stopped = linked.IsCancellationRequested;
            string? artifacts = null;
            if (outcome is not null)
            {
                await UpdateAsync(key, document => Transition(document, "Uploading"), CancellationToken.None).ConfigureAwait(false);
                artifacts = await UploadModelAsync(job, modelDirectory).ConfigureAwait(false);
            }

            await FinishAsync(key, outcome, artifacts, stopped, exceeded, job.InstanceCount).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is AlgorithmException or OperationCanceledException)
        {
            var stoppedBeforeTraining = exception is OperationCanceledException;
            if (stoppedBeforeTraining)
            {
                await FinishAsync(key, null, null, stopped: true, exceeded: maxRuntime.IsCancellationRequested && !running.Stop.IsCancellationRequested, job.InstanceCount).ConfigureAwait(false);
            }
            else
            {
                var reason = (exception is AlgorithmException algorithmError ? algorithmError.FailureType : "ClientError") + ": " + exception.Message;
                WriteLog(reason);
                await FailAsync(key, reason, job.InstanceCount).ConfigureAwait(false);
            }
        }
#pragma warning disable CA1031 // A background job records any failure in its status instead of crashing the host.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Log.TrainingJobCrashed(_logger, exception, job.TrainingJobName);
            await FailAsync(key, "InternalServerError: " + exception.Message, job.InstanceCount).ConfigureAwait(false);
        }
        finally
        {
            await SaveMetricsAsync(key, running).ConfigureAwait(false);
            TryDelete(jobDirectory);
            _running.TryRemove(key, out _);
            running.Completion.TrySetResult();
            running.Dispose();
        }
    }

    private async Task<string> UploadModelAsync(TrainingJobRequest job, string modelDirectory)
    {
        var output = S3Uri.Parse(job.S3OutputPath.TrimEnd('/') + "/");
        var key = $"{output.Key}{job.TrainingJobName}/output/model.tar.gz";
        using var archive = new MemoryStream();
        Directory.CreateDirectory(modelDirectory);
        await ModelArtifacts.WriteTarGzAsync(modelDirectory, archive).ConfigureAwait(false);
        archive.Position = 0;
        await _objects.CreateBucketAsync(output.Bucket).ConfigureAwait(false);
        await _objects.PutObjectAsync(output.Bucket, key, archive).ConfigureAwait(false);
        return new S3Uri(output.Bucket, key).ToString();
    }

    private async Task FinishAsync(string key, TrainingOutcome? outcome, string? artifacts, bool stopped, bool exceeded, int instanceCount)
    {
        var now = _timeProvider.GetUtcNow();
        var final = await UpdateAsync(key, document =>
        {
            var status = stopped ? TrainingJobStatuses.Stopped : TrainingJobStatuses.Completed;
            document["TrainingJobStatus"] = status;
            Transition(document, exceeded ? "MaxRuntimeExceeded" : status);
            if (artifacts is not null)
            {
                document["ModelArtifacts"] = new JsonObject { ["S3ModelArtifacts"] = artifacts };
            }

            if (outcome is not null)
            {
                document["FinalMetricDataList"] = FinalMetrics(outcome, now);
            }

            SetEndTimes(document, now, instanceCount);
        }, CancellationToken.None).ConfigureAwait(false);
        Log.TrainingJobEnded(_logger, (string)final["TrainingJobName"]!, (string)final["TrainingJobStatus"]!, (string)final["SecondaryStatus"]!);
    }

    private async Task FailAsync(string key, string reason, int instanceCount)
    {
        var final = await UpdateAsync(key, document =>
        {
            document["TrainingJobStatus"] = TrainingJobStatuses.Failed;
            document["FailureReason"] = reason;
            Transition(document, "Failed", "Training job failed. Reason: " + reason);
            SetEndTimes(document, _timeProvider.GetUtcNow(), instanceCount);
        }, CancellationToken.None).ConfigureAwait(false);
        Log.TrainingJobFailed(_logger, (string)final["TrainingJobName"]!, reason);
    }

    private static void SetEndTimes(JsonObject document, DateTimeOffset now, int instanceCount)
    {
        var end = SageMakerRequest.ToEpochSeconds(now);
        document["TrainingEndTime"] = end;
        var start = document["TrainingStartTime"] is { } started ? (decimal)started : end;
        var seconds = (int)Math.Max(1, Math.Round(end - start, MidpointRounding.AwayFromZero));
        document["TrainingTimeInSeconds"] = seconds;
        document["BillableTimeInSeconds"] = seconds * Math.Max(1, instanceCount);
    }

    private static JsonArray FinalMetrics(TrainingOutcome outcome, DateTimeOffset now)
    {
        var list = new JsonArray();
        foreach (var metric in outcome.FinalMetrics.Where(metric => double.IsFinite(metric.Value)))
        {
            list.Add(new JsonObject
            {
                ["MetricName"] = metric.MetricName,
                ["Value"] = metric.Value,
                ["Timestamp"] = SageMakerRequest.ToEpochSeconds(now),
            });
        }

        return list;
    }

    private async Task SaveMetricsAsync(string key, RunningJob running)
    {
        try
        {
            await _store.PutAsync(MetricsKind, key, running.Metrics.ToJson(running.Name), CancellationToken.None).ConfigureAwait(false);
        }
        catch (IOException exception)
        {
            Log.TrainingJobCrashed(_logger, exception, running.Name);
        }
    }

    private static void PrepareDirectory(string jobDirectory, string modelDirectory)
    {
        TryDelete(jobDirectory);
        Directory.CreateDirectory(modelDirectory);
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // Scratch space; a leftover folder is replaced by the next job of the same name.
        }
    }

    /// <summary>Records each round's metrics with the time it finished.</summary>
    private sealed class Progress(TrainingJobService service, RunningJob running) : IProgress<TrainingRound>
    {
        public void Report(TrainingRound value)
        {
            var now = service._timeProvider.GetUtcNow();
            foreach (var metric in value.Metrics)
            {
                running.Metrics.Add(metric.MetricName, new MetricPoint(value.Round, now, metric.Value));
            }

            service.RoundCompleted?.Invoke(running.Name, value);
        }
    }
}
