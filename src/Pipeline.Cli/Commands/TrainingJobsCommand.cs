using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Pipeline.Local;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline training-jobs create|describe|list|stop</c>: local SageMaker training jobs.</summary>
internal static class TrainingJobsCommand
{
    public static Command Create()
    {
        var command = new Command("training-jobs", "Create, describe, list and stop local SageMaker training jobs.");
        command.Subcommands.Add(CreateJob());
        command.Subcommands.Add(Describe());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Stop());
        return command;
    }

    private static Command CreateJob()
    {
        var runtime = new RuntimeOptions();
        var request = new Option<FileInfo>("--request") { Description = "The CreateTrainingJob request JSON, as 'aws sagemaker create-training-job --cli-input-json' takes it; S3 URIs name local buckets.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the final DescribeTrainingJob response." };
        var noWait = new Option<bool>("--no-wait") { Description = "Return after the job is created instead of waiting for it to end." };
        var command = new Command("create", "Create a training job and wait for it, showing its progress.");
        command.Options.Add(request);
        command.Options.Add(json);
        command.Options.Add(noWait);
        runtime.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var body = JsonOutput.ReadRequest(parseResult.GetValue(request)!);
            await using var local = await runtime.StartAsync(parseResult, 0, cancellationToken).ConfigureAwait(false);
            var created = await JsonOutput.InvokeAsync(local.Services, "sagemaker", "CreateTrainingJob", body, cancellationToken).ConfigureAwait(false);
            var name = body["TrainingJobName"]!.GetValue<string>();
            if (parseResult.GetValue(noWait))
            {
                JsonOutput.Print(created);
                return 0;
            }

            var final = await WaitWithProgressAsync(local, name, quiet: parseResult.GetValue(json), cancellationToken).ConfigureAwait(false);
            if (parseResult.GetValue(json))
            {
                JsonOutput.Print(final);
            }
            else
            {
                PrintSummary(final);
            }

            return final["TrainingJobStatus"]?.GetValue<string>() == "Completed" ? 0 : CliErrors.UserError;
        });
        return command;
    }

    private static Command Describe()
    {
        var runtime = new RuntimeOptions();
        var name = new Argument<string>("name") { Description = "The training job name." };
        var metric = new Option<string?>("--metric") { Description = "Also draw this metric's curve over the rounds, for example validation:auc." };
        var command = new Command("describe", "Print a training job's DescribeTrainingJob response.");
        command.Arguments.Add(name);
        command.Options.Add(metric);
        runtime.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var local = await runtime.StartAsync(parseResult, 0, cancellationToken).ConfigureAwait(false);
            var jobName = parseResult.GetValue(name)!;
            JsonOutput.Print(await JsonOutput.InvokeAsync(local.Services, "sagemaker", "DescribeTrainingJob", new JsonObject { ["TrainingJobName"] = jobName }, cancellationToken).ConfigureAwait(false));
            if (parseResult.GetValue(metric) is { } metricName)
            {
                var history = await local.Training.GetMetricHistoryAsync(jobName, cancellationToken).ConfigureAwait(false);
                if (!history.TryGetValue(metricName, out var points) || points.Count == 0)
                {
                    throw new UserErrorException($"The job {jobName} recorded no metric '{metricName}'. Recorded: {string.Join(", ", history.Keys)}.");
                }

                Console.WriteLine(MetricCurve.Render(metricName, points.Select(p => p.Value).ToList()));
            }

            return 0;
        });
        return command;
    }

    private static Command List()
    {
        var runtime = new RuntimeOptions();
        var status = new Option<string?>("--status") { Description = "Only jobs with this TrainingJobStatus: InProgress, Completed, Failed, Stopping or Stopped." };
        var command = new Command("list", "List training jobs, newest first.");
        command.Options.Add(status);
        runtime.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var local = await runtime.StartAsync(parseResult, 0, cancellationToken).ConfigureAwait(false);
            var request = new JsonObject { ["SortBy"] = "CreationTime", ["SortOrder"] = "Descending", ["MaxResults"] = 100 };
            if (parseResult.GetValue(status) is { } filter)
            {
                request["StatusEquals"] = filter;
            }

            JsonOutput.Print(await JsonOutput.InvokeAsync(local.Services, "sagemaker", "ListTrainingJobs", request, cancellationToken).ConfigureAwait(false));
            return 0;
        });
        return command;
    }

    private static Command Stop()
    {
        var runtime = new RuntimeOptions();
        var name = new Argument<string>("name") { Description = "The training job name." };
        var command = new Command("stop", "Stop a running training job; the model of its last completed round is kept.");
        command.Arguments.Add(name);
        runtime.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var local = await runtime.StartAsync(parseResult, 0, cancellationToken).ConfigureAwait(false);
            JsonOutput.Print(await JsonOutput.InvokeAsync(local.Services, "sagemaker", "StopTrainingJob", new JsonObject { ["TrainingJobName"] = parseResult.GetValue(name) }, cancellationToken).ConfigureAwait(false));
            return 0;
        });
        return command;
    }

    /// <summary>Waits for a job, printing its secondary status, latest round metrics and elapsed time as they change.</summary>
    private static async Task<JsonObject> WaitWithProgressAsync(LocalRuntime local, string name, bool quiet, CancellationToken cancellationToken)
    {
        var wait = local.Training.WaitForCompletionAsync(name, cancellationToken);
        var elapsed = System.Diagnostics.Stopwatch.StartNew();
        var last = string.Empty;
        while (!wait.IsCompleted)
        {
            await Task.WhenAny(wait, Task.Delay(500, cancellationToken)).ConfigureAwait(false);
            if (quiet)
            {
                continue;
            }

            var describe = await local.Services.InvokeAsync("sagemaker", "DescribeTrainingJob", new JsonObject { ["TrainingJobName"] = name }, cancellationToken).ConfigureAwait(false);
            var history = await local.Training.GetMetricHistoryAsync(name, cancellationToken).ConfigureAwait(false);
            var metrics = string.Join("  ", history.Select(pair => $"{pair.Key}={pair.Value[^1].Value.ToString("0.#####", CultureInfo.InvariantCulture)}"));
            var rounds = history.Count == 0 ? 0 : history.Values.Max(points => points.Count);
            var line = $"{describe["SecondaryStatus"]}  rounds completed {rounds}  {metrics}";
            if (line != last)
            {
                Console.Error.WriteLine($"  [{elapsed.Elapsed.TotalSeconds,5:0.0}s] {line}");
                last = line;
            }
        }

        return await wait.ConfigureAwait(false);
    }

    private static void PrintSummary(JsonObject describe)
    {
        Console.WriteLine($"training job {describe["TrainingJobName"]}  {describe["TrainingJobStatus"]} ({describe["SecondaryStatus"]})");
        if (describe["FailureReason"] is { } reason)
        {
            Console.WriteLine($"failure      {reason}");
        }

        foreach (var metric in describe["FinalMetricDataList"] as JsonArray ?? [])
        {
            Console.WriteLine($"  {metric?["MetricName"],-22} {metric?["Value"]}");
        }

        if (describe["ModelArtifacts"]?["S3ModelArtifacts"] is { } model)
        {
            Console.WriteLine($"model        {model}");
        }
    }
}

/// <summary>Draws a metric's values over the rounds as a text chart.</summary>
internal static class MetricCurve
{
    private const string Bars = "▁▂▃▄▅▆▇█";

    public static string Render(string metricName, IReadOnlyList<double> values)
    {
        var min = values.Min();
        var max = values.Max();
        var span = max - min;
        var chart = new string(values.Select(v => Bars[span == 0 ? 0 : (int)Math.Round((v - min) / span * (Bars.Length - 1))]).ToArray());
        return string.Create(CultureInfo.InvariantCulture, $"{metricName}  {chart}  (min {min:0.#####}, max {max:0.#####}, {values.Count} rounds)");
    }
}
