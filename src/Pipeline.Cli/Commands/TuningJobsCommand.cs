using System.CommandLine;
using System.Text.Json.Nodes;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline tuning-jobs create|describe|list|stop</c>: local SageMaker hyperparameter tuning jobs.</summary>
internal static class TuningJobsCommand
{
    public static Command Create()
    {
        var command = new Command("tuning-jobs", "Create, describe, list and stop local hyperparameter tuning jobs.");
        command.Subcommands.Add(CreateJob());
        command.Subcommands.Add(Simple("describe", "Print a tuning job's DescribeHyperParameterTuningJob response.", "DescribeHyperParameterTuningJob"));
        command.Subcommands.Add(Simple("stop", "Stop a tuning job and its running training jobs.", "StopHyperParameterTuningJob"));
        command.Subcommands.Add(Simple("training-jobs", "List the training jobs a tuning job launched.", "ListTrainingJobsForHyperParameterTuningJob"));
        command.Subcommands.Add(List());
        return command;
    }

    private static Command CreateJob()
    {
        var runtime = new RuntimeOptions();
        var request = new Option<FileInfo>("--request") { Description = "The CreateHyperParameterTuningJob request JSON, as 'aws sagemaker create-hyper-parameter-tuning-job --cli-input-json' takes it.", Required = true };
        var noWait = new Option<bool>("--no-wait") { Description = "Return after the job is created instead of waiting for it to end." };
        var command = new Command("create", "Create a tuning job, wait for it and print its final description.");
        command.Options.Add(request);
        command.Options.Add(noWait);
        runtime.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var body = JsonOutput.ReadRequest(parseResult.GetValue(request)!);
            await using var local = await runtime.StartAsync(parseResult, 0, cancellationToken).ConfigureAwait(false);
            var created = await JsonOutput.InvokeAsync(local.Services, "sagemaker", "CreateHyperParameterTuningJob", body, cancellationToken).ConfigureAwait(false);
            if (parseResult.GetValue(noWait))
            {
                JsonOutput.Print(created);
                return 0;
            }

            var name = body["HyperParameterTuningJobName"]!.GetValue<string>();
            var wait = local.Tuning.WaitForCompletionAsync(name, cancellationToken);
            var reported = string.Empty;
            while (!wait.IsCompleted)
            {
                await Task.WhenAny(wait, Task.Delay(1000, cancellationToken)).ConfigureAwait(false);
                var describe = await local.Services.InvokeAsync("sagemaker", "DescribeHyperParameterTuningJob", new JsonObject { ["HyperParameterTuningJobName"] = name }, cancellationToken).ConfigureAwait(false);
                var line = $"{describe["HyperParameterTuningJobStatus"]}  jobs {describe["TrainingJobStatusCounters"]?.ToJsonString()}  best {describe["BestTrainingJob"]?["FinalHyperParameterTuningJobObjectiveMetric"]?.ToJsonString()}";
                if (line != reported)
                {
                    Console.Error.WriteLine($"  {line}");
                    reported = line;
                }
            }

            var final = await wait.ConfigureAwait(false);
            JsonOutput.Print(final);
            return final["HyperParameterTuningJobStatus"]?.GetValue<string>() == "Completed" ? 0 : CliErrors.UserError;
        });
        return command;
    }

    private static Command Simple(string name, string description, string operation)
    {
        var runtime = new RuntimeOptions();
        var jobName = new Argument<string>("name") { Description = "The tuning job name." };
        var command = new Command(name, description);
        command.Arguments.Add(jobName);
        runtime.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var local = await runtime.StartAsync(parseResult, 0, cancellationToken).ConfigureAwait(false);
            var request = new JsonObject { ["HyperParameterTuningJobName"] = parseResult.GetValue(jobName) };
            JsonOutput.Print(await JsonOutput.InvokeAsync(local.Services, "sagemaker", operation, request, cancellationToken).ConfigureAwait(false));
            return 0;
        });
        return command;
    }

    private static Command List()
    {
        var runtime = new RuntimeOptions();
        var command = new Command("list", "List tuning jobs, newest first.");
        runtime.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var local = await runtime.StartAsync(parseResult, 0, cancellationToken).ConfigureAwait(false);
            var request = new JsonObject { ["SortBy"] = "CreationTime", ["SortOrder"] = "Descending" };
            JsonOutput.Print(await JsonOutput.InvokeAsync(local.Services, "sagemaker", "ListHyperParameterTuningJobs", request, cancellationToken).ConfigureAwait(false));
            return 0;
        });
        return command;
    }
}
