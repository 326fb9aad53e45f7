using System.CommandLine;
using System.Reflection;

namespace Pipeline.Cli.Commands;

internal static class VersionCommand
{
    public static Command Create()
    {
        var command = new Command("version", "Print the version of the pipeline tool.");
        command.SetAction(_ =>
        {
            var version = typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
            Console.WriteLine(version);
            return 0;
        });
        return command;
    }
}
