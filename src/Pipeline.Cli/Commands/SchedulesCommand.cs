using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline schedules</c>: lists the template's schedules with their next and last firing, and its event rules.</summary>
internal static class SchedulesCommand
{
    public static Command Create()
    {
        var runtime = new RuntimeOptions();
        var json = new Option<bool>("--json") { Description = "Print the schedules and rules as JSON." };
        var command = new Command("schedules", "List the template's schedules (next and last firing, as 'up' runs them) and its event rules.");
        command.Options.Add(json);
        runtime.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var local = await runtime.StartAsync(parseResult, 0, cancellationToken).ConfigureAwait(false);
            var states = local.Schedules.States;
            var rules = local.EventBus.Rules;
            if (parseResult.GetValue(json))
            {
                var output = new JsonObject
                {
                    ["schedules"] = new JsonArray([.. states.Select(state => (JsonNode?)new JsonObject
                    {
                        ["name"] = state.Schedule.Name,
                        ["arn"] = state.Schedule.Arn,
                        ["expression"] = state.Schedule.Expression.Text,
                        ["timeZone"] = state.Schedule.Expression.TimeZone.Id,
                        ["enabled"] = state.Schedule.Enabled,
                        ["target"] = state.Schedule.Target.LogicalId,
                        ["nextFireTime"] = Format(state.NextFireTime),
                        ["lastFireTime"] = Format(state.LastFireTime),
                        ["lastResult"] = state.LastResult,
                    })]),
                    ["rules"] = new JsonArray([.. rules.Select(rule => (JsonNode?)new JsonObject
                    {
                        ["name"] = rule.Name,
                        ["arn"] = rule.Arn,
                        ["enabled"] = rule.Enabled,
                        ["eventBusName"] = rule.EventBusName,
                        ["pattern"] = rule.Pattern.Json,
                        ["target"] = rule.Target.LogicalId,
                    })]),
                };
                Console.WriteLine(output.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
                return 0;
            }

            Console.WriteLine($"{"SCHEDULE",-52} {"EXPRESSION",-22} {"TARGET",-26} {"NEXT (UTC)",-20} {"LAST (UTC)",-20} LAST RESULT");
            foreach (var state in states)
            {
                var next = state.Schedule.Enabled ? Format(state.NextFireTime) ?? "(none)" : "(disabled)";
                Console.WriteLine($"{state.Schedule.Name,-52} {state.Schedule.Expression.Text,-22} {state.Schedule.Target.LogicalId,-26} {next,-20} {Format(state.LastFireTime) ?? "-",-20} {state.LastResult ?? "-"}");
            }

            if (rules.Count > 0)
            {
                Console.WriteLine();
                Console.WriteLine($"{"RULE",-52} {"TARGET",-26} PATTERN");
                foreach (var rule in rules)
                {
                    Console.WriteLine($"{rule.Name,-52} {rule.Target.LogicalId,-26} {rule.Pattern}{(rule.Enabled ? string.Empty : " (disabled)")}");
                }
            }

            Console.WriteLine();
            Console.WriteLine("Schedules fire only while 'pipeline up' runs.");
            return 0;
        });
        return command;
    }

    private static string? Format(DateTimeOffset? time) =>
        time?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
