using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Local.Storage;
using Pipeline.Preprocessing;

namespace Pipeline.Cli.Commands;

/// <summary>
/// <c>pipeline preprocess --spec FILE --input PATH_OR_S3_URI --output DIR_OR_S3_URI [--json]</c>: runs the
/// preprocessing engine that the local Glue job runs, on a local file or an object of the local buckets.
/// </summary>
internal static class PreprocessCommand
{
    public static Command Create()
    {
        var runtime = new RuntimeOptions();
        var spec = new Option<FileInfo>("--spec") { Description = "The preprocessing specification: a JSON file holding the specification, or a dataset configuration with a \"preprocessing\" object.", Required = true };
        var input = new Option<string>("--input") { Description = "The raw data: a local file, or s3://BUCKET/KEY in the local buckets.", Required = true };
        var output = new Option<string>("--output") { Description = "Where train/, validation/ (test/) and manifest.json go: an empty or new local folder, or an s3://BUCKET/PREFIX/ in the local buckets.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the manifest as JSON instead of a summary." };
        var command = new Command("preprocess", "Preprocess a dataset as the pipeline's Glue job does: split it into SageMaker XGBoost training files and write the manifest.");
        command.Options.Add(spec);
        command.Options.Add(input);
        command.Options.Add(output);
        command.Options.Add(json);
        runtime.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var specification = ReadSpec(parseResult.GetValue(spec)!);
            var inputValue = parseResult.GetValue(input)!;
            var outputValue = parseResult.GetValue(output)!;
            var asJson = parseResult.GetValue(json);
            var usesBuckets = S3Uri.TryParse(inputValue, out _) || S3Uri.TryParse(outputValue, out _);
            await using var local = usesBuckets ? await runtime.StartAsync(parseResult, 0, cancellationToken).ConfigureAwait(false) : null;
            var manifest = await RunAsync(specification, inputValue, outputValue, local?.Objects, asJson, cancellationToken).ConfigureAwait(false);
            if (asJson)
            {
                JsonOutput.Print(manifest.ToJson());
            }
            else
            {
                PrintSummary(manifest, outputValue);
            }

            return 0;
        });
        return command;
    }

    private static async Task<PreprocessingManifest> RunAsync(PreprocessingSpec spec, string input, string output, FolderObjectStore? objects, bool quiet, CancellationToken cancellationToken)
    {
        var inputPath = input;
        if (S3Uri.TryParse(input, out var inputUri))
        {
            if (await objects!.HeadObjectAsync(inputUri.Bucket, inputUri.Key, cancellationToken).ConfigureAwait(false) is null)
            {
                throw new UserErrorException($"The object {inputUri} does not exist in the local buckets. Upload it with 'pipeline s3 cp FILE {inputUri}'.");
            }

            inputPath = objects.GetObjectFilePath(inputUri.Bucket, inputUri.Key);
        }

        var toBucket = S3Uri.TryParse(output, out var outputUri);
        var folder = toBucket ? Path.Combine(Path.GetTempPath(), "pipeline-preprocess-" + Guid.NewGuid().ToString("N")) : Path.GetFullPath(output);
        if (!toBucket && Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
        {
            throw new UserErrorException($"The output folder '{folder}' is not empty. Pass a new or empty folder so no earlier split files are mixed in.");
        }

        try
        {
            var progress = quiet ? null : new ConsoleProgress();
            var manifest = await new PreprocessingEngine().RunAsync(spec, inputPath, folder, progress, cancellationToken).ConfigureAwait(false);
            if (toBucket)
            {
                await UploadAsync(objects!, folder, outputUri, cancellationToken).ConfigureAwait(false);
            }

            return manifest;
        }
        catch (PreprocessingException ex)
        {
            throw new UserErrorException(ex.Message, ex);
        }
        finally
        {
            if (toBucket && Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static async Task UploadAsync(FolderObjectStore objects, string folder, S3Uri output, CancellationToken cancellationToken)
    {
        var prefix = output.Key.Length == 0 || output.Key.EndsWith('/') ? output.Key : output.Key + "/";
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var key = prefix + Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/');
            await using var content = File.OpenRead(file);
            try
            {
                await objects.PutObjectAsync(output.Bucket, key, content, cancellationToken).ConfigureAwait(false);
            }
            catch (BucketNotFoundException ex)
            {
                throw new UserErrorException(ex.Message, ex);
            }
        }
    }

    private static PreprocessingSpec ReadSpec(FileInfo file)
    {
        if (!file.Exists)
        {
            throw new UserErrorException($"The specification file '{file.FullName}' does not exist.");
        }

        try
        {
            var text = File.ReadAllText(file.FullName);
            return JsonNode.Parse(text) is JsonObject { } root && root["preprocessing"] is JsonObject nested
                ? PreprocessingSpec.FromJson(nested)
                : PreprocessingSpec.Parse(text);
        }
        catch (JsonException ex)
        {
            throw new UserErrorException($"The specification file '{file.FullName}' is not valid JSON: {ex.Message}", ex);
        }
        catch (PreprocessingSpecException ex)
        {
            throw new UserErrorException($"{file.Name}: {ex.Message}", ex);
        }
    }

    private static void PrintSummary(PreprocessingManifest manifest, string output)
    {
        var rows = manifest.Rows;
        Console.WriteLine($"input:    {manifest.InputFile} ({manifest.InputBytes} bytes, {rows.Read} rows, {manifest.InputColumns.Count} columns)");
        var classes = manifest.Target.Classes is { } names ? $", classes {string.Join(", ", names.Select((name, id) => $"{name}={id}"))}" : "";
        Console.WriteLine($"target:   {manifest.Target.Name} ({manifest.Target.Type.ToString().ToLowerInvariant()}{classes})");
        Console.WriteLine($"features: {manifest.Features.Count}");
        foreach (var column in manifest.Columns.Where(column => column.Role == ColumnRole.Dropped))
        {
            Console.WriteLine($"dropped:  {column.Name}: {column.DropReason}");
        }

        Console.WriteLine($"rows:     {rows.Train} train, {rows.Validation} validation, {rows.Test} test ({rows.Filtered} filtered, {rows.Duplicates} duplicates, {rows.MissingTarget} missing target, {rows.MissingValues} missing values)");
        foreach (var (split, relative) in manifest.Files)
        {
            Console.WriteLine($"wrote:    {CombineOutput(output, relative)}");
        }

        Console.WriteLine($"wrote:    {CombineOutput(output, "manifest.json")}");
    }

    private static string CombineOutput(string output, string relative) =>
        S3Uri.TryParse(output, out _) ? output.TrimEnd('/') + "/" + relative : Path.Combine(output, relative);

    /// <summary>Shows the pass and percentage on standard error, rewriting one line.</summary>
    private sealed class ConsoleProgress : IProgress<PreprocessingProgress>
    {
        private int _lastPercent = -1;

        public void Report(PreprocessingProgress value)
        {
            var percent = (int)(value.Fraction * 100);
            if (percent != Interlocked.Exchange(ref _lastPercent, percent) && !Console.IsErrorRedirected)
            {
                Console.Error.Write($"\r{value.Phase.ToString().ToLowerInvariant(),-10} {percent,3}% ({value.RowsProcessed} rows)");
                if (value.Phase == PreprocessingPhase.Completed)
                {
                    Console.Error.WriteLine();
                }
            }
        }
    }
}
