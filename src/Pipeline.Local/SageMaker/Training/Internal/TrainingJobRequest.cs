using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Pipeline.Local.Storage;

namespace Pipeline.Local.SageMaker.Training;

/// <summary>One InputDataConfig channel of a CreateTrainingJob request.</summary>
internal sealed record TrainingJobChannel(string ChannelName, string S3DataType, string S3Uri, string? ContentType, string CompressionType);

/// <summary>The members of a CreateTrainingJob request the local runtime acts on, validated.</summary>
internal sealed partial record TrainingJobRequest(
    string TrainingJobName,
    string TrainingImage,
    IReadOnlyDictionary<string, string> HyperParameters,
    IReadOnlyList<TrainingJobChannel> Channels,
    string S3OutputPath,
    int InstanceCount,
    int MaxRuntimeInSeconds)
{
    /// <summary>AlgorithmSpecification.MetricDefinitions, for bring-your-own algorithms.</summary>
    public IReadOnlyList<Learning.MetricDefinition> MetricDefinitions { get; init; } = [];

    /// <summary>The Environment map of the request.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    private const string RolePattern = "^arn:aws[a-z\\-]*:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+$";
    private const string ChannelPattern = "[A-Za-z0-9\\.\\-_]+";

    /// <summary>
    /// Validates the request with SageMaker's constraints and messages: required members, name patterns, the
    /// hyperparameter map limits (100 entries, keys up to 256 and values up to 2500 characters) and the channels.
    /// </summary>
    public static TrainingJobRequest Read(JsonObject request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var name = SageMakerRequest.RequiredName(request, "TrainingJobName");
        var algorithm = RequiredObject(request, "AlgorithmSpecification");
        var image = SageMakerRequest.OptionalString(algorithm, "TrainingImage");
        if (string.IsNullOrEmpty(image))
        {
            if (SageMakerRequest.OptionalString(algorithm, "AlgorithmName") is { } algorithmName)
            {
                throw AwsServiceException(
                    $"AlgorithmName '{algorithmName}' names a Marketplace or account algorithm resource, which the local runtime cannot run. Set AlgorithmSpecification.TrainingImage to a SageMaker built-in image URI.");
            }

            throw SageMakerRequest.ValidationError(null, "algorithmSpecification.trainingImage", "Member must not be null");
        }

        SageMakerRequest.RequiredString(algorithm, "TrainingInputMode");
        SageMakerRequest.OptionalEnum(algorithm, "TrainingInputMode", "Pipe", "File", "FastFile");

        var role = SageMakerRequest.RequiredString(request, "RoleArn");
        if (role.Length < 20 || !RoleRegex().IsMatch(role))
        {
            throw SageMakerRequest.ValidationError(role, "RoleArn", $"Member must satisfy regular expression pattern: {RolePattern}");
        }

        var output = RequiredObject(request, "OutputDataConfig");
        var outputPath = SageMakerRequest.RequiredString(output, "S3OutputPath");
        if (!S3Uri.TryParse(outputPath, out _))
        {
            throw SageMakerRequest.ValidationError(outputPath, "outputDataConfig.s3OutputPath", "Member must satisfy regular expression pattern: ^(https|s3)://([^/]+)/?(.*)$");
        }

        var resources = RequiredObject(request, "ResourceConfig");
        var instanceType = SageMakerRequest.OptionalString(resources, "InstanceType");
        if (instanceType is not null && !instanceType.StartsWith("ml.", StringComparison.Ordinal))
        {
            throw SageMakerRequest.ValidationError(instanceType, "resourceConfig.instanceType", "Member must satisfy enum value set: [ml.m5.large, ml.m5.xlarge, ml.c5.xlarge, ...]");
        }

        var instanceCount = SageMakerRequest.OptionalInt(resources, "InstanceCount", 0, int.MaxValue) ?? 1;
        SageMakerRequest.OptionalInt(resources, "VolumeSizeInGB", 0, int.MaxValue);

        var stopping = RequiredObject(request, "StoppingCondition");
        var maxRuntime = SageMakerRequest.OptionalInt(stopping, "MaxRuntimeInSeconds", 1, int.MaxValue) ?? 86400;

        return new TrainingJobRequest(name, image, ReadHyperParameters(request), ReadChannels(request), outputPath, instanceCount, maxRuntime)
        {
            MetricDefinitions = ReadMetricDefinitions(algorithm),
            Environment = SageMakerRequest.OptionalStringMap(request, "Environment", 100, 512, 512) ?? [],
        };
    }

    private static List<Learning.MetricDefinition> ReadMetricDefinitions(JsonObject algorithm)
    {
        var definitions = new List<Learning.MetricDefinition>();
        if (algorithm[nameof(MetricDefinitions)] is not JsonArray items)
        {
            return definitions;
        }

        if (items.Count > 40)
        {
            throw SageMakerRequest.ValidationError(null, "algorithmSpecification.metricDefinitions", "Member must have length less than or equal to 40");
        }

        foreach (var item in items.OfType<JsonObject>())
        {
            var name = SageMakerRequest.RequiredString(item, "Name");
            var pattern = SageMakerRequest.RequiredString(item, "Regex");
            try
            {
                _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException exception)
            {
                throw AwsServiceException($"MetricDefinitions: the Regex '{pattern}' of metric '{name}' is not a valid regular expression ({exception.Message}).");
            }

            definitions.Add(new Learning.MetricDefinition(name, pattern));
        }

        return definitions;
    }

    private static Dictionary<string, string> ReadHyperParameters(JsonObject request) =>
        SageMakerRequest.OptionalStringMap(request, "HyperParameters", 100, 256, 2500) ?? [];

    private static List<TrainingJobChannel> ReadChannels(JsonObject request)
    {
        var channels = new List<TrainingJobChannel>();
        if (request["InputDataConfig"] is null)
        {
            return channels;
        }

        if (request["InputDataConfig"] is not JsonArray items || items.Count is 0 or > 20)
        {
            throw SageMakerRequest.ValidationError(null, "InputDataConfig", "Member must have length between 1 and 20");
        }

        for (var index = 0; index < items.Count; index++)
        {
            var member = $"InputDataConfig.{index + 1}.member";
            if (items[index] is not JsonObject channel)
            {
                throw SageMakerRequest.ValidationError(items[index]?.ToJsonString(), member, "Member must be a Channel object");
            }

            var channelName = SageMakerRequest.RequiredString(channel, "ChannelName");
            if (channelName.Length > 64 || !ChannelRegex().IsMatch(channelName))
            {
                throw SageMakerRequest.ValidationError(channelName, $"{member}.channelName", $"Member must satisfy regular expression pattern: {ChannelPattern}");
            }

            if (channels.Any(existing => existing.ChannelName == channelName))
            {
                throw AwsServiceException($"Channel names must be unique within InputDataConfig; '{channelName}' appears more than once.");
            }

            var source = channel["DataSource"] as JsonObject ?? throw SageMakerRequest.ValidationError(null, $"{member}.dataSource", "Member must not be null");
            if (source["S3DataSource"] is not JsonObject s3)
            {
                throw AwsServiceException($"Channel '{channelName}': only DataSource.S3DataSource is supported by the local runtime (FileSystemDataSource needs EFS or FSx).");
            }

            var dataType = SageMakerRequest.OptionalEnum(s3, "S3DataType", "ManifestFile", "S3Prefix", "AugmentedManifestFile")
                ?? throw SageMakerRequest.ValidationError(null, $"{member}.dataSource.s3DataSource.s3DataType", "Member must not be null");
            if (dataType == "AugmentedManifestFile")
            {
                throw AwsServiceException($"Channel '{channelName}': S3DataType AugmentedManifestFile is not supported by the local runtime. Use S3Prefix or ManifestFile.");
            }

            var uri = SageMakerRequest.RequiredString(s3, "S3Uri");
            if (!S3Uri.TryParse(uri, out _))
            {
                throw SageMakerRequest.ValidationError(uri, $"{member}.dataSource.s3DataSource.s3Uri", "Member must satisfy regular expression pattern: ^(https|s3)://([^/]+)/?(.*)$");
            }

            var compression = SageMakerRequest.OptionalEnum(channel, "CompressionType", "None", "Gzip") ?? "None";
            channels.Add(new TrainingJobChannel(channelName, dataType, uri, SageMakerRequest.OptionalString(channel, "ContentType"), compression));
        }

        return channels;
    }

    private static JsonObject RequiredObject(JsonObject request, string member) =>
        request[member] as JsonObject ?? throw SageMakerRequest.ValidationError(null, member, "Member must not be null");

    private static Services.AwsServiceException AwsServiceException(string message) => Services.AwsServiceException.Validation(message);

    [GeneratedRegex(RolePattern)]
    private static partial Regex RoleRegex();

    [GeneratedRegex("^" + ChannelPattern + "$")]
    private static partial Regex ChannelRegex();
}
