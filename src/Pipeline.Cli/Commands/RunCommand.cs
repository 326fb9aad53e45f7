using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Local;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline run FILE</c>: drops a data file into the local bucket and waits for its execution.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var runtime = new RuntimeOptions();
        var file = new Argument<FileInfo>("file") { Description = "The CSV file to put under incoming/DATASET/ in the data bucket." };
        var dataset = new Option<string?>("--dataset") { Description = "The dataset name (default: the name of the file's folder)." };
        var config = new Option<FileInfo?>("--config") { Description = "The dataset configuration to upload (default: config.json beside the file, when the bucket has none)." };
        var json = new Option<bool>("--json") { Description = "Print the result as one JSON object." };
        var command = new Command("run", "Put a data file into the local data bucket and wait for the retraining execution it starts.");
        command.Arguments.Add(file);
        command.Options.Add(dataset);
        command.Options.Add(config);
        command.Options.Add(json);
        runtime.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var input = parseResult.GetValue(file)!;
            if (!input.Exists)
            {
                throw new UserErrorException($"The data file '{input.FullName}' does not exist.");
            }

            var datasetName = parseResult.GetValue(dataset) ?? input.Directory?.Name ?? "default";
            var asJson = parseResult.GetValue(json);
            await using var local = await runtime.StartAsync(parseResult, 0, cancellationToken).ConfigureAwait(false);
            if (local.Processes.OtherProcessesAlive())
            {
                Console.Error.WriteLine("note: another pipeline process (such as 'pipeline up') uses this state folder; 'up' picks up endpoints deployed here within a few seconds.");
            }

            var progress = new ConsoleProgress(asJson);
            DatasetRunResult result;
            try
            {
                result = await local.RunDatasetFileAsync(input.FullName, datasetName, parseResult.GetValue(config)?.FullName, progress, cancellationToken).ConfigureAwait(false);
            }
            catch (DatasetRunException ex)
            {
                throw new UserErrorException(ex.Message, ex);
            }

            var summary = RunSummary.Create(result, local);
            await RunSummary.AddRollbackReasonAsync(summary, result, local, cancellationToken).ConfigureAwait(false);
            if (asJson)
            {
                Console.WriteLine(summary.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            }
            else
            {
                RunSummary.Print(summary);
            }

            return result.Execution?.Status == "SUCCEEDED" ? 0 : CliErrors.UserError;
        });
        return command;
    }
}

/// <summary>Prints progress lines to standard error as they come, unless the output is JSON.</summary>
internal sealed class ConsoleProgress(bool quiet) : IProgress<string>
{
    public void Report(string value)
    {
        if (!quiet)
        {
            Console.Error.WriteLine($"  {value}");
        }
    }
}

/// <summary>Builds and prints the summary of a run.</summary>
internal static class RunSummary
{
    public static JsonObject Create(DatasetRunResult result, LocalRuntime runtime)
    {
        var execution = result.Execution!;
        var output = execution.Output is null ? null : JsonNode.Parse(execution.Output) as JsonObject;
        var summary = new JsonObject
        {
            ["executionArn"] = execution.ExecutionArn,
            ["executionName"] = execution.Name,
            ["status"] = execution.Status,
            ["object"] = $"s3://{result.StoredObject.Bucket}/{result.StoredObject.Key}",
            ["outcome"] = output?["outcome"]?.DeepClone(),
            ["trainingJobName"] = output?["trainingJobName"]?.DeepClone(),
            ["metrics"] = output?["metrics"]?.DeepClone(),
            ["evaluation"] = output?["evaluation"]?.DeepClone(),
            ["modelPackageArn"] = output?["modelPackageArn"]?.DeepClone(),
            ["modelPackageVersion"] = PackageVersion(output?["modelPackageArn"]?.GetValue<string>()),
            ["endpointName"] = output?["endpointName"]?.DeepClone(),
            ["endpointStatus"] = output?["endpointStatus"]?.DeepClone(),
            ["endpointUrl"] = output?["endpointName"] is { } name ? $"{runtime.Endpoint}endpoints/{name}/invocations" : null,
        };
        if (execution.Status != "SUCCEEDED")
        {
            summary["failedState"] = result.FailedState;
            summary["error"] = execution.Error;
            summary["cause"] = execution.Cause;
            summary["causeMessage"] = CauseMessage(execution.Cause);
        }

        return summary;
    }

    /// <summary>
    /// After a rolled-back endpoint update, adds the endpoint's <c>FailureReason</c> (the alarm that tripped, or the
    /// model that did not start), which the execution's fixed cause points to.
    /// </summary>
    public static async Task AddRollbackReasonAsync(JsonObject summary, DatasetRunResult result, LocalRuntime runtime, CancellationToken cancellationToken)
    {
        if (result.Execution?.Error != "Pipeline.DeploymentRolledBack"
            || (result.Execution.Input is { } input ? JsonNode.Parse(input)?["names"]?["endpoint"]?.GetValue<string>() : null) is not { } endpoint)
        {
            return;
        }

        var described = await runtime.Services.InvokeAsync("sagemaker", "DescribeEndpoint", new JsonObject { ["EndpointName"] = endpoint }, cancellationToken).ConfigureAwait(false);
        if (described["FailureReason"]?.GetValue<string>() is { } reason)
        {
            summary["causeMessage"] = $"{summary["causeMessage"]} Endpoint {endpoint}: {reason}";
        }
    }

    /// <summary>
    /// Returns the readable part of a cause. A failed job's description carries its message in ErrorMessage
    /// (Glue), FailureReason (SageMaker) or errorMessage (Lambda). Any other cause is returned as it is.
    /// </summary>
    private static string? CauseMessage(string? cause)
    {
        if (cause is null || !cause.StartsWith('{'))
        {
            return cause;
        }

        try
        {
            var json = JsonNode.Parse(cause);
            return (json?["ErrorMessage"] ?? json?["FailureReason"] ?? json?["errorMessage"])?.GetValue<string>() ?? cause;
        }
        catch (JsonException)
        {
            return cause;
        }
    }

    /// <summary>Reads the version from a model package ARN (<c>...:model-package/GROUP/VERSION</c>).</summary>
    private static int? PackageVersion(string? arn) =>
        arn is not null && int.TryParse(arn[(arn.LastIndexOf('/') + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : null;

    public static void Print(JsonObject summary)
    {
        Console.WriteLine($"execution    {summary["executionName"]}  {summary["status"]}");
        if (summary["status"]?.GetValue<string>() != "SUCCEEDED")
        {
            Console.WriteLine($"failed state {summary["failedState"]}");
            Console.WriteLine($"error        {summary["error"]}");
            Console.WriteLine($"cause        {summary["causeMessage"]}");
            return;
        }

        Console.WriteLine($"outcome      {summary["outcome"]}");
        Console.WriteLine($"training job {summary["trainingJobName"]}");
        foreach (var metric in summary["metrics"] as JsonArray ?? [])
        {
            var value = metric?["Value"]?.GetValue<double>() ?? double.NaN;
            Console.WriteLine($"  {metric?["MetricName"],-22} {value.ToString("0.#####", CultureInfo.InvariantCulture)}");
        }

        if (summary["evaluation"]?["reason"] is { } reason)
        {
            Console.WriteLine($"evaluation   {reason}");
        }

        if (summary["modelPackageArn"] is { } package)
        {
            Console.WriteLine($"model        version {summary["modelPackageVersion"]}  {package}");
            Console.WriteLine($"endpoint     {summary["endpointName"]}  {summary["endpointStatus"]}");
        }
    }
}
