using System.Text.Json.Nodes;
using Pipeline.Functions.Configuration;

namespace Pipeline.Functions.DataArrived;

/// <summary>The object an execution was started for, as the execution input's <c>source</c> describes it.</summary>
/// <param name="Key">The decoded object key.</param>
/// <param name="ETag">The ETag without quotes.</param>
public sealed record SourceObject(string Bucket, string Key, string ETag, long Size, string? VersionId, string? Sequencer)
{
    public string Uri => $"s3://{Bucket}/{Key}";
}

/// <summary>Builds the execution input that the state machine reads.</summary>
public static class ExecutionInput
{
    /// <summary>
    /// Returns the input: <c>dataset</c>, <c>runId</c>, <c>source</c>, <c>config</c> (every default filled in),
    /// <c>paths</c> (processed, train, validation and model output prefixes) and <c>names</c>.
    /// </summary>
    public static JsonObject Build(string dataset, SourceObject source, DatasetConfiguration configuration, string executionName, string trainingJobName)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataset);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrEmpty(executionName);
        ArgumentException.ThrowIfNullOrEmpty(trainingJobName);

        var processed = $"s3://{source.Bucket}/processed/{dataset}/{executionName}/";
        return new JsonObject
        {
            ["dataset"] = dataset,
            ["runId"] = executionName,
            ["source"] = new JsonObject
            {
                ["bucket"] = source.Bucket,
                ["key"] = source.Key,
                ["uri"] = source.Uri,
                ["eTag"] = source.ETag,
                ["size"] = source.Size,
                ["versionId"] = source.VersionId,
                ["sequencer"] = source.Sequencer,
            },
            ["config"] = configuration.ToJson(),
            ["paths"] = new JsonObject
            {
                ["processed"] = processed,
                ["train"] = processed + "train/",
                ["validation"] = processed + "validation/",
                ["modelOutput"] = $"s3://{source.Bucket}/models/{dataset}/",
            },
            ["names"] = new JsonObject
            {
                ["trainingJob"] = trainingJobName,
                ["model"] = trainingJobName,
                ["endpointConfig"] = trainingJobName,
                ["endpoint"] = configuration.Deployment.EndpointName,
                ["modelPackageGroup"] = SageMakerNames.Sanitize(dataset),
            },
        };
    }
}
