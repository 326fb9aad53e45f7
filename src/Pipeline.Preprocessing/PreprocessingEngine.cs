using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Preprocessing.Internal.Engine;

namespace Pipeline.Preprocessing;

/// <summary>
/// Runs a <see cref="PreprocessingSpec"/> over one input file in two passes (profile, then encode and write): train,
/// validation and test files plus <c>manifest.json</c>. The first pass keeps the parsed rows for the second while they
/// fit in <see cref="RowCacheBytes"/>; a larger file is streamed twice, so memory does not grow with it.
/// </summary>
public sealed class PreprocessingEngine
{
    private static readonly JsonSerializerOptions ManifestJsonOptions = new() { WriteIndented = true };
    private readonly ILogger _logger;

    public PreprocessingEngine(ILoggerFactory? loggerFactory = null) =>
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<PreprocessingEngine>();

    /// <summary>
    /// The memory the first pass may keep parsed rows in (about twice the input's size for UTF-8 text, plus offsets),
    /// so that the second pass need not read and parse the file again. A larger input is read twice; 0 always reads
    /// it twice. The default is a quarter of the memory available to the process, at most 2 GiB.
    /// </summary>
    public long RowCacheBytes { get; init; } = Math.Min(2L << 30, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 4);

    /// <summary>
    /// Reads <paramref name="inputPath"/>, writes <c>train/data.csv</c>, <c>validation/data.csv</c> (and
    /// <c>test/data.csv</c>) and <c>manifest.json</c> into <paramref name="outputDirectory"/>, and returns the manifest.
    /// </summary>
    /// <exception cref="PreprocessingException">The input cannot be read or does not fit the specification; the message names the file, line, column, value and fix.</exception>
    public async Task<PreprocessingManifest> RunAsync(
        PreprocessingSpec spec,
        string inputPath,
        string outputDirectory,
        IProgress<PreprocessingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentException.ThrowIfNullOrEmpty(inputPath);
        ArgumentException.ThrowIfNullOrEmpty(outputDirectory);
        if (!File.Exists(inputPath))
        {
            throw new PreprocessingException($"The input file {inputPath} does not exist. Check the path.", inputPath, null, null, null);
        }

        var manifest = await Task.Run(() => Run(spec, inputPath, outputDirectory, progress, cancellationToken), cancellationToken).ConfigureAwait(false);
        var manifestPath = Path.Combine(outputDirectory, "manifest.json");
        await File.WriteAllTextAsync(manifestPath, manifest.ToJson().ToJsonString(ManifestJsonOptions) + "\n", cancellationToken).ConfigureAwait(false);
        return manifest;
    }

    private PreprocessingManifest Run(PreprocessingSpec spec, string inputPath, string outputDirectory, IProgress<PreprocessingProgress>? progress, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var format = EngineRun.ResolveFormat(spec.Input.Format, inputPath);
        var inputBytes = new FileInfo(inputPath).Length;
        Log.RunStarted(_logger, inputPath, inputBytes, format, outputDirectory);
        try
        {
            Directory.CreateDirectory(outputDirectory);
            var run = new EngineRun(spec, inputPath, format, RowCacheBytes);
            var manifest = run.Execute(outputDirectory, progress, _logger, cancellationToken);
            progress?.Report(new PreprocessingProgress(PreprocessingPhase.Completed, manifest.Rows.Read, inputBytes, inputBytes));
            Log.RunCompleted(_logger, inputPath, manifest.Rows.Train, manifest.Rows.Validation, manifest.Rows.Test, stopwatch.ElapsedMilliseconds);
            return manifest;
        }
        catch (PreprocessingException ex)
        {
            Log.RunFailed(_logger, inputPath, ex.Message);
            throw;
        }
    }
}
