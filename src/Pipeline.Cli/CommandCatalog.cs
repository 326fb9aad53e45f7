using System.CommandLine;
using Pipeline.Cli.Commands;

namespace Pipeline.Cli;

/// <summary>Every subcommand of <c>pipeline</c>, one factory each.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> CreateAll()
    {
        yield return RunCommand.Create();
        yield return InvokeCommand.Create();
        yield return ExecutionsCommand.Create();
        yield return UpCommand.Create();
        yield return SchedulesCommand.Create();
        yield return AlarmsCommand.Create();
        yield return ValidateCommand.Create();
        yield return TrainingJobsCommand.Create();
        yield return TuningJobsCommand.Create();
        yield return LogsCommand.Create();
        yield return S3Command.Create();
        yield return PreprocessCommand.Create();
        yield return VersionCommand.Create();
        yield return TestCommand.Create();
    }
}
