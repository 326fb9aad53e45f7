using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Local.Template;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline alarms</c>: lists the template's CloudWatch alarms with the state that <c>pipeline up</c> last evaluated.</summary>
internal static class AlarmsCommand
{
    public static Command Create()
    {
        var runtime = new RuntimeOptions();
        var state = new Option<string?>("--state") { Description = "Only alarms in this state: OK, ALARM or INSUFFICIENT_DATA." };
        var json = new Option<bool>("--json") { Description = "Print the alarms as DescribeAlarms MetricAlarms entries." };
        var command = new Command("alarms", "List the template's CloudWatch alarms and their states, as 'up' evaluates them.");
        command.Options.Add(state);
        command.Options.Add(json);
        runtime.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var filter = parseResult.GetValue(state)?.ToUpperInvariant();
            if (filter is not null and not ("OK" or "ALARM" or "INSUFFICIENT_DATA"))
            {
                throw new UserErrorException($"The state '{parseResult.GetValue(state)}' is invalid. Use OK, ALARM or INSUFFICIENT_DATA.");
            }

            await using var local = await runtime.StartAsync(parseResult, 0, cancellationToken).ConfigureAwait(false);
            if (parseResult.GetValue(json))
            {
                var request = new JsonObject();
                if (filter is not null)
                {
                    request["StateValue"] = filter;
                }

                var described = await JsonOutput.InvokeAsync(local.Services, "monitoring", "DescribeAlarms", request, cancellationToken).ConfigureAwait(false);
                Console.WriteLine(described["MetricAlarms"]!.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
                return 0;
            }

            Console.WriteLine($"{"ALARM",-40} {"STATE",-18} {"CONDITION",-64} {"UPDATED (UTC)",-20} REASON");
            foreach (var alarm in await local.Alarms.GetStatesAsync(cancellationToken).ConfigureAwait(false))
            {
                if (filter is null || alarm.StateValue == filter)
                {
                    var updated = alarm.StateUpdatedTimestamp.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
                    Console.WriteLine($"{alarm.Alarm.AlarmName,-40} {alarm.StateValue,-18} {Condition(alarm.Alarm),-64} {updated,-20} {alarm.StateReason}");
                }
            }

            return 0;
        });
        return command;
    }

    /// <summary>Describes an alarm's condition, for example <c>Maximum of OldestTrainingJobAgeSeconds &gt; 14400, 1 of 1 × 300 s</c>.</summary>
    public static string Condition(AlarmResource alarm)
    {
        var comparison = alarm.ComparisonOperator switch
        {
            "GreaterThanThreshold" => ">",
            "GreaterThanOrEqualToThreshold" => ">=",
            "LessThanThreshold" => "<",
            _ => "<=",
        };
        return string.Create(CultureInfo.InvariantCulture, $"{alarm.Statistic} of {alarm.MetricName} {comparison} {alarm.Threshold}, {alarm.DatapointsToAlarm} of {alarm.EvaluationPeriods} x {alarm.PeriodSeconds} s");
    }
}
