using System.CommandLine;
using Pipeline.Local.Template;
using Pipeline.StateMachines;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline validate</c>: checks every state machine of the template, after DefinitionSubstitutions, as CreateStateMachine does.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var template = new Option<string>("--template") { Description = "The SAM template whose state machines to check.", DefaultValueFactory = _ => "template.yaml" };
        var command = new Command("validate", "Validate the template's state machine definitions as Step Functions does on CreateStateMachine.");
        command.Options.Add(template);
        command.SetAction(parseResult =>
        {
            LocalTemplate loaded;
            try
            {
                loaded = LocalTemplate.Load(parseResult.GetValue(template)!);
            }
            catch (TemplateException ex)
            {
                throw new UserErrorException(ex.Message, ex);
            }

            var invalid = 0;
            foreach (var machine in loaded.StateMachines)
            {
                var diagnostics = DefinitionValidator.Validate(machine.Definition);
                var source = machine.DefinitionPath ?? machine.LogicalId;
                foreach (var placeholder in UnresolvedPlaceholders(machine.Definition))
                {
                    // Step Functions accepts the text as it is, so executions would fail later on the literal value.
                    Console.Error.WriteLine($"warning: {machine.LogicalId} still contains {placeholder}: add it to DefinitionSubstitutions in the template.");
                }

                if (diagnostics.Count == 0)
                {
                    Console.WriteLine($"valid    {machine.LogicalId} ({source})");
                    continue;
                }

                invalid++;
                Console.WriteLine($"invalid  {machine.LogicalId} ({source})");
                foreach (var diagnostic in diagnostics)
                {
                    Console.WriteLine($"  {diagnostic.Code}: {diagnostic.Message} at {diagnostic.Location}");
                }
            }

            // The loader has already checked the schedule expressions and alarms; a bad one fails the load above.
            foreach (var schedule in loaded.Schedules)
            {
                Console.WriteLine($"valid    schedule {schedule.Name}: {schedule.Expression.Text} -> {schedule.Target.LogicalId}{(schedule.Enabled ? string.Empty : " (disabled)")}");
            }

            foreach (var alarm in loaded.Alarms)
            {
                Console.WriteLine($"valid    alarm {alarm.AlarmName}: {AlarmsCommand.Condition(alarm)}");
            }

            return invalid == 0 ? 0 : CliErrors.UserError;
        });
        return command;
    }

    private static IEnumerable<string> UnresolvedPlaceholders(string definition) =>
        System.Text.RegularExpressions.Regex.Matches(definition, @"\$\{[A-Za-z0-9_.:-]+\}").Select(match => match.Value).Distinct(StringComparer.Ordinal);
}
