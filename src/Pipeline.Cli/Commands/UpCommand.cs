using System.CommandLine;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline up</c>: serves the local runtime until interrupted.</summary>
internal static class UpCommand
{
    public static Command Create()
    {
        var runtime = new RuntimeOptions();
        var port = new Option<int>("--port") { Description = "The TCP port on 127.0.0.1 for the AWS APIs and the endpoints.", DefaultValueFactory = _ => 4566 };
        var command = new Command("up", "Serve the local runtime (S3, Lambda, Step Functions, Glue, SageMaker, endpoints, schedules and alarms) until Ctrl+C.");
        command.Options.Add(port);
        runtime.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var local = await runtime.StartAsync(parseResult, parseResult.GetValue(port), cancellationToken, logInformation: true).ConfigureAwait(false);
            Console.WriteLine($"Local runtime on {local.Endpoint}");
            Console.WriteLine($"  data bucket   s3://{local.DataBucket} (folder {Path.Combine(local.StateDirectory, "buckets", local.DataBucket)})");
            foreach (var machine in local.StepFunctions.StateMachines)
            {
                Console.WriteLine($"  state machine {machine.Arn}");
            }

            Console.WriteLine($"  dashboard     {new Uri(local.Endpoint, "dashboard/")}");
            foreach (var schedule in local.Schedules.States)
            {
                var next = schedule.Schedule.Enabled && schedule.NextFireTime is { } time ? $"next {time.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC" : "disabled";
                Console.WriteLine($"  schedule      {schedule.Schedule.Name}: {schedule.Schedule.Expression.Text} -> {schedule.Schedule.Target.LogicalId} ({next})");
            }

            foreach (var alarm in local.Alarms.Alarms)
            {
                Console.WriteLine($"  alarm         {alarm.AlarmName}: {AlarmsCommand.Condition(alarm)}");
            }

            Console.WriteLine($"  AWS CLI       aws --endpoint-url {local.Endpoint} stepfunctions list-executions --state-machine-arn ...");
            Console.WriteLine("Press Ctrl+C to stop.");
            local.StartTriggers();
            try
            {
                // Other pipeline commands may deploy endpoints into the same state folder; follow them.
                using var timer = new PeriodicTimer(TimeSpan.FromSeconds(5));
                while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
                {
                    try
                    {
                        await local.Hosting.RefreshFromStoreAsync(cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or IOException or System.Text.Json.JsonException)
                    {
                        // The next tick tries again; one failed comparison must not stop the server.
                        Console.Error.WriteLine($"warning: could not compare endpoints with the state folder: {ex.Message}");
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                Console.WriteLine("Stopping.");
            }

            return 0;
        });
        return command;
    }
}
