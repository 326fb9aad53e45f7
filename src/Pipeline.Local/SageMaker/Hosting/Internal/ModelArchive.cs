using System.Formats.Tar;
using System.IO.Compression;
using Microsoft.Extensions.Logging;
using Pipeline.Local.Storage;

namespace Pipeline.Local.SageMaker.Hosting;

/// <summary>Downloads a <c>model.tar.gz</c> from the local object store and extracts it, as SageMaker does into <c>/opt/ml/model</c>.</summary>
internal static class ModelArchive
{
    public static async Task ExtractAsync(IObjectStore store, string modelDataUrl, string directory, CancellationToken cancellationToken)
    {
        if (!S3Uri.TryParse(modelDataUrl, out var uri) || uri.Key.Length == 0)
        {
            throw new InvalidOperationException($"The ModelDataUrl '{modelDataUrl}' is not an S3 URI of an object. Use s3://BUCKET/KEY/model.tar.gz.");
        }

        Directory.CreateDirectory(directory);
        Stream source;
        try
        {
            source = await store.GetObjectAsync(uri.Bucket, uri.Key, cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectNotFoundException)
        {
            throw new InvalidOperationException($"Could not find model data at {modelDataUrl}.");
        }

        await using (source.ConfigureAwait(false))
        {
            try
            {
                var gzip = new GZipStream(source, CompressionMode.Decompress);
                await using (gzip.ConfigureAwait(false))
                {
                    // TarFile rejects entries that would land outside the destination folder.
                    await TarFile.ExtractToDirectoryAsync(gzip, directory, overwriteFiles: true, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (InvalidDataException exception)
            {
                throw new InvalidOperationException(
                    $"The model data at {modelDataUrl} is not a gzip-compressed tar archive: {exception.Message} Package the model as model.tar.gz.", exception);
            }
        }
    }

    public static void TryDeleteFolder(string directory, ILogger logger, string endpointName)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException exception)
        {
            Log.EndpointModelReleaseFailed(logger, exception, endpointName);
        }
        catch (UnauthorizedAccessException exception)
        {
            Log.EndpointModelReleaseFailed(logger, exception, endpointName);
        }
    }
}
