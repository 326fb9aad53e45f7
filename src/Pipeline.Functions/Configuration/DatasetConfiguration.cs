using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Functions.Configuration.Internal;

namespace Pipeline.Functions.Configuration;

/// <summary>
/// A dataset's pipeline configuration (<c>config/&lt;dataset&gt;.json</c>) with every default filled in.
/// Members this class does not know, in any section or at the top level, are kept as they are.
/// </summary>
public sealed partial class DatasetConfiguration
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    private readonly JsonObject _document;
    private readonly JsonObject _trainingNode;
    private readonly JsonObject _promotionNode;
    private readonly JsonObject _deploymentNode;

    private DatasetConfiguration(JsonObject document, JsonObject preprocessing, Section<TrainingConfiguration> training, Section<PromotionConfiguration> promotion, Section<DeploymentConfiguration> deployment)
    {
        _document = document;
        Preprocessing = preprocessing;
        Training = training.Config;
        _trainingNode = training.Node;
        Promotion = promotion.Config;
        _promotionNode = promotion.Node;
        Deployment = deployment.Config;
        _deploymentNode = deployment.Node;
    }

    /// <summary>The preprocessing specification, as given (it must contain <c>target</c>).</summary>
    public JsonObject Preprocessing { get; }

    public TrainingConfiguration Training { get; }

    public PromotionConfiguration Promotion { get; }

    public DeploymentConfiguration Deployment { get; }

    /// <summary>
    /// Parses and validates a configuration. <paramref name="source"/> names the file in messages, for
    /// example <c>s3://bucket/config/iris.json</c>. <paramref name="region"/> chooses the default
    /// training image (see <see cref="XgboostImages.ForRegion"/>).
    /// </summary>
    /// <exception cref="DatasetConfigurationException">The text is not JSON, or one or more members are invalid; the message lists every problem.</exception>
    /// <param name="defaultTrainingImage">The image for configurations that name none; null picks the Region's XGBoost 1.7-1 image.</param>
    public static DatasetConfiguration Parse(string json, string dataset, string source, string? region = null, string? defaultTrainingImage = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentException.ThrowIfNullOrEmpty(dataset);
        ArgumentException.ThrowIfNullOrEmpty(source);

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json, documentOptions: DocumentOptions);
        }
        catch (JsonException exception)
        {
            throw new DatasetConfigurationException(
                $"The dataset configuration {source} is not valid JSON ({exception.Message}). Fix the file and upload the data file again.",
                exception);
        }

        if (node is not JsonObject root)
        {
            throw new DatasetConfigurationException(
                $"The dataset configuration {source} must be a JSON object such as {{\"preprocessing\": {{\"target\": \"label\"}}}} but is {ConfigurationReader.Describe(node)}.");
        }

        var reader = new ConfigurationReader();
        var preprocessing = ReadPreprocessing(reader, root);
        var training = ReadTraining(reader, root, defaultTrainingImage ?? XgboostImages.ForRegion(region));
        var promotion = ReadPromotion(reader, root, "promotion");
        var deployment = ReadDeployment(reader, root, dataset);
        foreach (var problem in UnknownSections(root))
        {
            reader.AddProblem(problem);
        }

        if (reader.Problems.Count > 0)
        {
            throw new DatasetConfigurationException(
                $"The dataset configuration {source} is invalid: " + string.Join(" ", reader.Problems) + " Fix the file and upload the data file again.")
            {
                Problems = reader.Problems,
            };
        }

        return new DatasetConfiguration(root, preprocessing!, training!.Value, promotion!.Value, deployment!.Value);
    }

    /// <summary>
    /// Parses and validates a <c>promotion</c> section on its own (EvaluateCandidate's input), applying the defaults.
    /// </summary>
    /// <exception cref="DatasetConfigurationException">A member is invalid.</exception>
    public static PromotionConfiguration ParsePromotion(JsonNode? promotion)
    {
        var reader = new ConfigurationReader();
        var root = new JsonObject { ["promotion"] = promotion?.DeepClone() };
        var result = ReadPromotion(reader, root, "promotion");
        if (reader.Problems.Count > 0)
        {
            throw new DatasetConfigurationException("The promotion rule is invalid: " + string.Join(" ", reader.Problems)) { Problems = reader.Problems };
        }

        return result!.Value.Config;
    }

    /// <summary>Returns the configuration as JSON with every default filled in, the way the execution input carries it.</summary>
    public JsonObject ToJson()
    {
        var result = (JsonObject)_document.DeepClone();
        result["preprocessing"] = Preprocessing.DeepClone();
        result["training"] = _trainingNode.DeepClone();
        result["promotion"] = _promotionNode.DeepClone();
        result["deployment"] = _deploymentNode.DeepClone();
        return result;
    }

    /// <summary>The top-level members a configuration may have; a misspelled section would otherwise be ignored silently.</summary>
    private static readonly string[] KnownSections = ["preprocessing", "training", "tuning", "promotion", "deployment", "description"];

    private static IEnumerable<string> UnknownSections(JsonObject root)
    {
        foreach (var (name, _) in root)
        {
            if (KnownSections.Contains(name, StringComparer.Ordinal))
            {
                continue;
            }

            var suggestion = KnownSections.FirstOrDefault(known => EditDistance(known, name.ToLowerInvariant()) <= 2);
            yield return suggestion is null
                ? $"'{name}' is not a section of a dataset configuration; use {string.Join(", ", KnownSections)}."
                : $"'{name}' is not a section of a dataset configuration; did you mean '{suggestion}'?";
        }
    }

    private static int EditDistance(string left, string right)
    {
        var previous = Enumerable.Range(0, right.Length + 1).ToArray();
        for (var i = 1; i <= left.Length; i++)
        {
            var current = new int[right.Length + 1];
            current[0] = i;
            for (var j = 1; j <= right.Length; j++)
            {
                var substitution = previous[j - 1] + (left[i - 1] == right[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }

            previous = current;
        }

        return previous[right.Length];
    }

    /// <summary>A section's typed values and its JSON with defaults filled in (unknown members kept).</summary>
    private readonly record struct Section<T>(T Config, JsonObject Node);
}
