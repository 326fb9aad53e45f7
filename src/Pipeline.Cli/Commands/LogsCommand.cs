using System.CommandLine;
using System.Globalization;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline logs JOB</c>: prints a training job's log, as CloudWatch Logs keeps it.</summary>
internal static class LogsCommand
{
    public const string TrainingLogGroup = "/aws/sagemaker/TrainingJobs";

    public static Command Create()
    {
        var runtime = new RuntimeOptions();
        var job = new Argument<string>("job") { Description = "The training job name; its streams are TrainingJobName/algo-1-*." };
        var command = new Command("logs", "Print the log of a local training job from the log group /aws/sagemaker/TrainingJobs.");
        command.Arguments.Add(job);
        runtime.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var local = await runtime.StartAsync(parseResult, 0, cancellationToken).ConfigureAwait(false);
            var name = parseResult.GetValue(job)!;
            var streams = local.Logs.ListStreams(TrainingLogGroup, name + "/");
            if (streams.Count == 0)
            {
                throw new UserErrorException($"No log stream of training job '{name}' exists in {TrainingLogGroup}. List the jobs with 'pipeline training-jobs list'.");
            }

            foreach (var stream in streams)
            {
                Console.WriteLine($"== {TrainingLogGroup} {stream}");
                foreach (var logEvent in local.Logs.ReadAll(TrainingLogGroup, stream))
                {
                    var time = DateTimeOffset.FromUnixTimeMilliseconds(logEvent.Timestamp).UtcDateTime;
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{time:yyyy-MM-ddTHH:mm:ss.fffZ} {logEvent.Message}"));
                }
            }

            return 0;
        });
        return command;
    }
}
