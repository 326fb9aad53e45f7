using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Local.StepFunctions;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline executions</c>: lists the local executions, newest first.</summary>
internal static class ExecutionsCommand
{
    public static Command Create()
    {
        var runtime = new RuntimeOptions();
        var status = new Option<string?>("--status") { Description = "Only executions with this status: RUNNING, SUCCEEDED, FAILED, TIMED_OUT or ABORTED." };
        var json = new Option<bool>("--json") { Description = "Print the executions as DescribeExecution JSON objects." };
        var command = new Command("executions", "List the executions of the local state machines.");
        command.Options.Add(status);
        command.Options.Add(json);
        runtime.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var filter = parseResult.GetValue(status)?.ToUpperInvariant();
            if (filter is not null and not ("RUNNING" or "SUCCEEDED" or "FAILED" or "TIMED_OUT" or "ABORTED" or "PENDING_REDRIVE"))
            {
                throw new UserErrorException($"The status '{filter}' is invalid. Use RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED or PENDING_REDRIVE.");
            }

            await using var local = await runtime.StartAsync(parseResult, 0, cancellationToken).ConfigureAwait(false);
            var executions = await local.StepFunctions.ListExecutionsAsync(null, filter, cancellationToken).ConfigureAwait(false);
            if (parseResult.GetValue(json))
            {
                var array = new JsonArray(executions.Select(e => (JsonNode?)StepFunctionsService.Describe(e)).ToArray());
                Console.WriteLine(array.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
                return 0;
            }

            Console.WriteLine($"{"NAME",-44} {"STATUS",-10} {"STARTED (UTC)",-20} ERROR");
            foreach (var execution in executions)
            {
                Console.WriteLine($"{execution.Name,-44} {execution.Status,-10} {execution.StartDate.UtcDateTime:yyyy-MM-dd HH:mm:ss}  {execution.Error}");
            }

            return 0;
        });
        return command;
    }
}
