using System.Text.Json;
using Microsoft.Extensions.Logging;
using Pipeline.Local.Storage;
using Pipeline.Preprocessing;

namespace Pipeline.Local.SageMaker.Hosting.RawRows;

/// <summary>
/// Loads models through another loader. When a model's environment selects raw rows
/// (<see cref="ModelInputEnvironment"/>), it also reads the preprocessing manifest from the local object store and
/// wraps the model so that it encodes each request first. On AWS, <c>src/inference/raw_rows.py</c> does the same inside the
/// SageMaker XGBoost container.
/// </summary>
internal sealed class RawRowModelLoader : IEndpointModelLoader
{
    private readonly IEndpointModelLoader _inner;
    private readonly IObjectStore _objects;
    private readonly ILogger _logger;

    public RawRowModelLoader(IEndpointModelLoader inner, IObjectStore objects, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(objects);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _inner = inner;
        _objects = objects;
        _logger = loggerFactory.CreateLogger<RawRowModelLoader>();
    }

    public async Task<IEndpointModel> LoadAsync(string modelDirectory, string image, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (!ModelInputEnvironment.AcceptsRawRows(environment))
        {
            return await _inner.LoadAsync(modelDirectory, image, environment, cancellationToken).ConfigureAwait(false);
        }

        if (!environment.TryGetValue(ModelInputEnvironment.ManifestUriVariable, out var manifestUri) || string.IsNullOrWhiteSpace(manifestUri))
        {
            throw new InvalidOperationException(
                $"The model's environment sets {ModelInputEnvironment.InputModeVariable} to '{ModelInputEnvironment.RawRows}' but has no {ModelInputEnvironment.ManifestUriVariable}. Set it to the S3 URI of the manifest.json of the preprocessing run that wrote the training data.");
        }

        var encoder = RawRowRequestEncoder.FromManifest(await ReadManifestAsync(manifestUri, cancellationToken).ConfigureAwait(false));
        var model = await _inner.LoadAsync(modelDirectory, image, environment, cancellationToken).ConfigureAwait(false);
        Log.EndpointModelAcceptsRawRows(_logger, manifestUri, encoder.InputColumns.Count, encoder.FeatureCount);
        return new RawRowModel(model, encoder);
    }

    private async Task<PreprocessingManifest> ReadManifestAsync(string manifestUri, CancellationToken cancellationToken)
    {
        if (!S3Uri.TryParse(manifestUri, out var uri) || uri.Key.Length == 0)
        {
            throw new InvalidOperationException(
                $"{ModelInputEnvironment.ManifestUriVariable} is '{manifestUri}', which is not the S3 URI of an object. Use s3://BUCKET/KEY/manifest.json.");
        }

        string text;
        try
        {
            var stream = await _objects.GetObjectAsync(uri.Bucket, uri.Key, cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                using var reader = new StreamReader(stream);
                text = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (ObjectNotFoundException exception)
        {
            throw new InvalidOperationException(
                $"Could not find the preprocessing manifest at {manifestUri} ({ModelInputEnvironment.ManifestUriVariable}). Point it at the manifest.json of the preprocessing run that wrote the training data.",
                exception);
        }

        try
        {
            return PreprocessingManifest.Parse(text);
        }
        catch (Exception exception) when (exception is JsonException or PreprocessingException)
        {
            throw new InvalidOperationException($"The preprocessing manifest at {manifestUri} cannot be read: {exception.Message}", exception);
        }
    }
}
