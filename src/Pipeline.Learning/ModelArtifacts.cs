using System.Formats.Tar;
using System.IO.Compression;

namespace Pipeline.Learning;

/// <summary>
/// Packs and unpacks model.tar.gz in SageMaker's layout: the files of the model directory at the root of the
/// archive (for XGBoost the single file "xgboost-model").
/// </summary>
public static class ModelArtifacts
{
    /// <summary>Writes every file under <paramref name="modelDirectory"/> into a gzip-compressed tar stream.</summary>
    public static async Task WriteTarGzAsync(string modelDirectory, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelDirectory);
        ArgumentNullException.ThrowIfNull(destination);
        if (!Directory.Exists(modelDirectory))
        {
            throw new DirectoryNotFoundException($"Model directory '{modelDirectory}' does not exist.");
        }

        var gzip = new GZipStream(destination, CompressionLevel.Optimal, leaveOpen: true);
        await using (gzip.ConfigureAwait(false))
        {
            var writer = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true);
            await using (writer.ConfigureAwait(false))
            {
                var files = Directory.EnumerateFiles(modelDirectory, "*", SearchOption.AllDirectories)
                    .Order(StringComparer.Ordinal);
                foreach (var file in files)
                {
                    var entryName = Path.GetRelativePath(modelDirectory, file).Replace(Path.DirectorySeparatorChar, '/');
                    await writer.WriteEntryAsync(file, entryName, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>
    /// Extracts a model.tar.gz into <paramref name="destinationDirectory"/>. Entries that would land outside it
    /// (absolute paths, "..") and links are rejected.
    /// </summary>
    public static async Task ExtractTarGzAsync(Stream source, string destinationDirectory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrWhiteSpace(destinationDirectory);
        var root = Path.GetFullPath(destinationDirectory);
        Directory.CreateDirectory(root);

        var gzip = new GZipStream(source, CompressionMode.Decompress, leaveOpen: true);
        await using (gzip.ConfigureAwait(false))
        {
            var reader = new TarReader(gzip, leaveOpen: true);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
                {
                    await ExtractEntryAsync(entry, root, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    private static async Task ExtractEntryAsync(TarEntry entry, string root, CancellationToken cancellationToken)
    {
        var target = Path.GetFullPath(Path.Combine(root, entry.Name));
        if (!target.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) && target != root)
        {
            throw new InvalidDataException($"Model archive entry '{entry.Name}' points outside the extraction directory.");
        }

        switch (entry.EntryType)
        {
            case TarEntryType.Directory:
                Directory.CreateDirectory(target);
                break;
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                await entry.ExtractToFileAsync(target, overwrite: true, cancellationToken).ConfigureAwait(false);
                break;
            case TarEntryType.SymbolicLink or TarEntryType.HardLink:
                throw new InvalidDataException($"Model archive entry '{entry.Name}' is a link; model archives may hold only files and folders.");
            default:
                // PAX and GNU metadata entries carry no file content.
                break;
        }
    }
}
