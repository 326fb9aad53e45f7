using System.Text.Json;
using Pipeline.Learning;
using Pipeline.Local.Storage;

namespace Pipeline.Local.SageMaker.Training;

/// <summary>
/// Turns S3 channels into local files the trainer reads in place: every object under an S3Prefix, or the
/// objects a ManifestFile lists (<c>[{"prefix": "s3://bucket/p/"}, "key1", "key2"]</c>).
/// </summary>
internal static class ChannelResolver
{
    public static async Task<TrainingChannel> ResolveAsync(IObjectStore store, TrainingJobChannel channel, CancellationToken cancellationToken)
    {
        var uri = S3Uri.Parse(channel.S3Uri);
        var objects = channel.S3DataType == "ManifestFile"
            ? await ReadManifestAsync(store, channel, uri, cancellationToken).ConfigureAwait(false)
            : await ListPrefixAsync(store, uri, cancellationToken).ConfigureAwait(false);
        if (objects.Count == 0)
        {
            throw new AlgorithmException(
                $"No S3 objects found under S3 URL \"{channel.S3Uri}\" given in input data source. Please ensure that the bucket exists and that objects exist under that S3 prefix.");
        }

        var hidden = objects.FirstOrDefault(key => key.Key.Split('/')[^1].StartsWith('.'));
        if (hidden != default)
        {
            throw new AlgorithmException($"Hidden file found in the data path! Remove that before training: {hidden}.");
        }

        var files = objects.Select(item => store.GetObjectFilePath(item.Bucket, item.Key)).ToList();
        return new TrainingChannel(channel.ChannelName, files, channel.ContentType ?? string.Empty, channel.CompressionType);
    }

    private static async Task<List<S3Uri>> ListPrefixAsync(IObjectStore store, S3Uri prefix, CancellationToken cancellationToken)
    {
        var keys = new List<S3Uri>();
        if (!store.ListBuckets().Contains(prefix.Bucket, StringComparer.Ordinal))
        {
            return keys;
        }

        await foreach (var item in store.ListObjectsAsync(prefix.Bucket, prefix.Key, cancellationToken).ConfigureAwait(false))
        {
            // Zero-byte keys ending in '/' are folder markers that consoles create, not data.
            if (!(item.Key.EndsWith('/') && item.Size == 0))
            {
                keys.Add(new S3Uri(item.Bucket, item.Key));
            }
        }

        return keys.OrderBy(key => key.Key, StringComparer.Ordinal).ToList();
    }

    private static async Task<List<S3Uri>> ReadManifestAsync(IObjectStore store, TrainingJobChannel channel, S3Uri manifest, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            var stream = await store.GetObjectAsync(manifest.Bucket, manifest.Key, cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }
        catch (ObjectNotFoundException exception)
        {
            throw new AlgorithmException($"Channel '{channel.ChannelName}': the manifest file {channel.S3Uri} does not exist.", exception);
        }
        catch (JsonException exception)
        {
            throw new AlgorithmException($"Channel '{channel.ChannelName}': the manifest file {channel.S3Uri} is not valid JSON ({exception.Message}).", exception);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Array || root.GetArrayLength() == 0
                || root[0].ValueKind != JsonValueKind.Object || !root[0].TryGetProperty("prefix", out var prefixElement)
                || !S3Uri.TryParse(prefixElement.GetString(), out var prefix))
            {
                throw new AlgorithmException(
                    $"Channel '{channel.ChannelName}': the manifest file {channel.S3Uri} must be a JSON array whose first element is {{\"prefix\": \"s3://bucket/prefix/\"}} followed by relative keys.");
            }

            var keys = new List<S3Uri>();
            foreach (var item in root.EnumerateArray().Skip(1))
            {
                var relative = item.ValueKind == JsonValueKind.String ? item.GetString()! : throw new AlgorithmException(
                    $"Channel '{channel.ChannelName}': manifest entry {item.GetRawText()} is not a string key relative to the prefix.");
                var key = new S3Uri(prefix.Bucket, prefix.Key + relative);
                if (await store.HeadObjectAsync(key.Bucket, key.Key, cancellationToken).ConfigureAwait(false) is null)
                {
                    throw new AlgorithmException($"Channel '{channel.ChannelName}': the manifest lists {key}, which does not exist.");
                }

                keys.Add(key);
            }

            return keys;
        }
    }
}
