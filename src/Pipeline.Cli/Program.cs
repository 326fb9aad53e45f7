using System.CommandLine;
using Pipeline.Cli;

var root = new RootCommand("Event-driven ML retraining pipeline: the local runtime and tools for the AWS deployment.");
foreach (var command in CommandCatalog.CreateAll())
{
    root.Subcommands.Add(command);
}

return await CliErrors.InvokeAsync(root, args).ConfigureAwait(false);
