using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipeline.Learning.Internal.Container;

/// <summary>
/// The /opt/ml tree a SageMaker training container sees, laid out under the job's work directory: input/config
/// (hyperparameters.json, inputdataconfig.json, resourceconfig.json), input/data/&lt;channel&gt;/ with the channel
/// files linked in, and output/ for the failure file. The model directory is the request's ModelDirectory.
/// </summary>
internal sealed class ContainerLayout
{
    private ContainerLayout(string root) => Root = root;

    /// <summary>The folder standing in for /opt/ml.</summary>
    public string Root { get; }

    public string InputDirectory => Path.Combine(Root, "input");

    public string ConfigDirectory => Path.Combine(InputDirectory, "config");

    public string OutputDirectory => Path.Combine(Root, "output");

    public string OutputDataDirectory => Path.Combine(OutputDirectory, "data");

    public string FailureFile => Path.Combine(OutputDirectory, "failure");

    public string ChannelDirectory(string channel) => Path.Combine(InputDirectory, "data", channel);

    public static ContainerLayout Create(TrainingRequest request)
    {
        var layout = new ContainerLayout(Path.Combine(request.WorkDirectory, "opt", "ml"));
        if (Directory.Exists(layout.Root))
        {
            Directory.Delete(layout.Root, recursive: true);
        }

        Directory.CreateDirectory(layout.ConfigDirectory);
        Directory.CreateDirectory(layout.OutputDataDirectory);
        Directory.CreateDirectory(request.ModelDirectory);

        var hyperParameters = new JsonObject();
        foreach (var (name, value) in request.HyperParameters)
        {
            hyperParameters[name] = value;
        }

        var channels = new JsonObject();
        foreach (var channel in request.Channels)
        {
            channels[channel.Name] = new JsonObject
            {
                ["ContentType"] = channel.ContentType,
                ["TrainingInputMode"] = "File",
                ["S3DistributionType"] = "FullyReplicated",
                ["RecordWrapperType"] = "None",
                ["CompressionType"] = channel.CompressionType,
            };
            LinkFiles(channel, layout.ChannelDirectory(channel.Name));
        }

        var resources = new JsonObject { ["current_host"] = "algo-1", ["hosts"] = new JsonArray("algo-1"), ["network_interface_name"] = "eth0" };
        Write(Path.Combine(layout.ConfigDirectory, "hyperparameters.json"), hyperParameters);
        Write(Path.Combine(layout.ConfigDirectory, "inputdataconfig.json"), channels);
        Write(Path.Combine(layout.ConfigDirectory, "resourceconfig.json"), resources);
        return layout;
    }

    private static void LinkFiles(TrainingChannel channel, string directory)
    {
        Directory.CreateDirectory(directory);
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in channel.Files)
        {
            // NOTE: SageMaker keeps each object's key below the S3 prefix. Files arrive here as paths only, so they are
            // placed by file name, with a numeric suffix when two share a name.
            var name = Path.GetFileName(file);
            for (var suffix = 1; !used.Add(name); suffix++)
            {
                name = FormattableString.Invariant($"{Path.GetFileNameWithoutExtension(file)}-{suffix}{Path.GetExtension(file)}");
            }

            File.CreateSymbolicLink(Path.Combine(directory, name), Path.GetFullPath(file));
        }
    }

    private static void Write(string path, JsonNode content) =>
        File.WriteAllText(path, content.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
}
