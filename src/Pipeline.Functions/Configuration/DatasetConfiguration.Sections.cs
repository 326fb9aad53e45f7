using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Functions.Configuration.Internal;

namespace Pipeline.Functions.Configuration;

public sealed partial class DatasetConfiguration
{
    /// <summary>SageMaker limits of CreateTrainingJob: hyperparameter keys up to 256 and values up to 2500 characters.</summary>
    private const int MaxHyperParameterKeyLength = 256;
    private const int MaxHyperParameterValueLength = 2500;

    /// <summary>Metric name endings of the SageMaker XGBoost metrics that are better when lower.</summary>
    private static readonly string[] MinimizedMetricSuffixes =
    [
        "rmse", "rmsle", "mae", "mape", "mphe", "mse", "logloss", "mlogloss", "error", "merror",
        "poisson-nloglik", "gamma-nloglik", "cox-nloglik", "gamma-deviance", "tweedie-nloglik", "aft-nloglik", "loss",
    ];

    private static JsonObject? ReadPreprocessing(ConfigurationReader reader, JsonObject root)
    {
        if (!root.TryGetPropertyValue("preprocessing", out var node) || node is null)
        {
            reader.AddProblem("'preprocessing' is missing; add \"preprocessing\": {\"target\": \"<label column>\"}.");
            return null;
        }

        if (node is not JsonObject preprocessing)
        {
            reader.AddProblem($"'preprocessing' must be a JSON object but is {ConfigurationReader.Describe(node)}.");
            return null;
        }

        if (!preprocessing.TryGetPropertyValue("target", out var target) || target is null)
        {
            reader.AddProblem("'preprocessing.target' is missing; set it to the label column's name, or its 0-based index for a file without a header.");
        }
        else if (!IsValidTarget(target))
        {
            reader.AddProblem($"'preprocessing.target' must be a column name or a 0-based column index but is {ConfigurationReader.Describe(target)}.");
        }

        return (JsonObject)preprocessing.DeepClone();
    }

    private static bool IsValidTarget(JsonNode target) => target.GetValueKind() switch
    {
        JsonValueKind.String => target.GetValue<string>().Trim().Length > 0,
        JsonValueKind.Number => target.AsValue().TryGetValue<int>(out var index) && index >= 0,
        _ => false,
    };

    private static Section<TrainingConfiguration>? ReadTraining(ConfigurationReader reader, JsonObject root, string defaultImage)
    {
        var node = reader.Section(root, "training");
        if (node is null)
        {
            return null;
        }

        var defaults = new TrainingConfiguration();
        var config = new TrainingConfiguration
        {
            TrainingImage = reader.String(node, "training", "trainingImage") ?? defaultImage,
            InstanceType = reader.String(node, "training", "instanceType", ValidateInstanceType) ?? defaults.InstanceType,
            InstanceCount = reader.Integer(node, "training", "instanceCount", 1, 100) ?? defaults.InstanceCount,
            VolumeSizeInGB = reader.Integer(node, "training", "volumeSizeInGB", 1, 16384) ?? defaults.VolumeSizeInGB,
            MaxRuntimeInSeconds = reader.Integer(node, "training", "maxRuntimeInSeconds", 1, 28 * 24 * 3600) ?? defaults.MaxRuntimeInSeconds,
            HyperParameters = ReadHyperParameters(reader, node),
        };

        node["trainingImage"] = config.TrainingImage;
        node["instanceType"] = config.InstanceType;
        node["instanceCount"] = config.InstanceCount;
        node["volumeSizeInGB"] = config.VolumeSizeInGB;
        node["maxRuntimeInSeconds"] = config.MaxRuntimeInSeconds;
        var hyperParameters = new JsonObject();
        foreach (var (key, value) in config.HyperParameters)
        {
            hyperParameters[key] = value;
        }

        node["hyperParameters"] = hyperParameters;
        return new Section<TrainingConfiguration>(config, node);
    }

    /// <summary>
    /// Reads <c>training.hyperParameters</c>. A given map is used as it is, plus <c>num_round</c> = 100 when
    /// missing, because SageMaker's XGBoost requires it; without a map the defaults apply.
    /// </summary>
    private static Dictionary<string, string> ReadHyperParameters(ConfigurationReader reader, JsonObject training)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!training.TryGetPropertyValue("hyperParameters", out var node) || node is null)
        {
            foreach (var (key, value) in TrainingConfiguration.DefaultHyperParameters)
            {
                result[key] = value;
            }

            return result;
        }

        if (node is not JsonObject map)
        {
            reader.AddProblem($"'training.hyperParameters' must be a JSON object of names to values but is {ConfigurationReader.Describe(node)}.");
            return result;
        }

        foreach (var (key, value) in map)
        {
            var path = $"training.hyperParameters.{key}";
            if (key.Length is 0 or > MaxHyperParameterKeyLength)
            {
                reader.AddProblem($"'{path}' has a name of {key.Length} characters; use 1 to {MaxHyperParameterKeyLength}.");
                continue;
            }

            var text = reader.Scalar(value, path);
            if (text is null)
            {
                continue;
            }

            if (text.Length > MaxHyperParameterValueLength)
            {
                reader.AddProblem($"'{path}' has a value of {text.Length} characters; SageMaker accepts at most {MaxHyperParameterValueLength}.");
                continue;
            }

            result[key] = text;
        }

        result.TryAdd("num_round", TrainingConfiguration.DefaultHyperParameters["num_round"]);
        return result;
    }

    private static Section<PromotionConfiguration>? ReadPromotion(ConfigurationReader reader, JsonObject root, string name)
    {
        var node = reader.Section(root, name);
        if (node is null)
        {
            return null;
        }

        var metric = reader.String(node, name, "metric") ?? new PromotionConfiguration().Metric;
        var direction = reader.String(node, name, "direction", ValidateDirection) is { } given
            ? (given.Equals(PromotionConfiguration.Minimize, StringComparison.OrdinalIgnoreCase) ? PromotionConfiguration.Minimize : PromotionConfiguration.Maximize)
            : DefaultDirection(metric);
        var threshold = reader.Number(node, name, "threshold");
        var config = new PromotionConfiguration
        {
            Metric = metric,
            Direction = direction,
            Threshold = node.ContainsKey("threshold") && node["threshold"] is not null
                ? threshold
                : (direction == PromotionConfiguration.Maximize ? 0.0 : null),
            MinImprovement = reader.Number(node, name, "minImprovement", minimum: 0) ?? 0.0,
        };

        node["metric"] = config.Metric;
        node["direction"] = config.Direction;
        node["threshold"] = config.Threshold;
        node["minImprovement"] = config.MinImprovement;
        return new Section<PromotionConfiguration>(config, node);
    }

    /// <summary>Returns Minimize for loss and error metrics (rmse, logloss, error, ...), Maximize otherwise (auc, accuracy, ndcg, ...).</summary>
    public static string DefaultDirection(string metric)
    {
        ArgumentNullException.ThrowIfNull(metric);
        var name = metric[(metric.LastIndexOf(':') + 1)..].ToLowerInvariant();
        var at = name.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            name = name[..at];
        }

        return MinimizedMetricSuffixes.Any(suffix => name == suffix || name.EndsWith("-" + suffix, StringComparison.Ordinal) || name.EndsWith("_" + suffix, StringComparison.Ordinal))
            ? PromotionConfiguration.Minimize
            : PromotionConfiguration.Maximize;
    }

    private static Section<DeploymentConfiguration>? ReadDeployment(ConfigurationReader reader, JsonObject root, string dataset)
    {
        var node = reader.Section(root, "deployment");
        if (node is null)
        {
            return null;
        }

        var config = new DeploymentConfiguration
        {
            EndpointName = reader.String(node, "deployment", "endpointName", ValidateSageMakerName) ?? SageMakerNames.Sanitize(dataset),
            InstanceType = reader.String(node, "deployment", "instanceType", ValidateInstanceType) ?? "ml.m5.large",
            InitialInstanceCount = reader.Integer(node, "deployment", "initialInstanceCount", 1, 100) ?? 1,
            StatusPollSeconds = reader.Integer(node, "deployment", "statusPollSeconds", 1, 3600) ?? DeploymentConfiguration.DefaultStatusPollSeconds,
            AcceptRawRows = reader.Boolean(node, "deployment", "acceptRawRows") ?? false,
            BakeSeconds = reader.Integer(node, "deployment", "bakeSeconds", 0, 3600) ?? DeploymentConfiguration.DefaultBakeSeconds,
            RollbackErrorThreshold = reader.Integer(node, "deployment", "rollbackErrorThreshold", 1, 1_000_000) ?? 1,
        };

        foreach (var problem in MisspelledMembers(node, "deployment", DeploymentMembers))
        {
            reader.AddProblem(problem);
        }

        node["endpointName"] = config.EndpointName;
        node["instanceType"] = config.InstanceType;
        node["initialInstanceCount"] = config.InitialInstanceCount;
        node["statusPollSeconds"] = config.StatusPollSeconds;
        node["acceptRawRows"] = config.AcceptRawRows;
        node["bakeSeconds"] = config.BakeSeconds;
        node["rollbackErrorThreshold"] = config.RollbackErrorThreshold;
        return new Section<DeploymentConfiguration>(config, node);
    }

    private static readonly string[] DeploymentMembers = ["endpointName", "instanceType", "initialInstanceCount", "statusPollSeconds", "acceptRawRows", "bakeSeconds", "rollbackErrorThreshold"];

    /// <summary>
    /// Reports members that are a small edit away from a known member (<c>acceptRawRow</c>, <c>AcceptRawRows</c>),
    /// because unknown members are kept without a problem and a misspelled setting would otherwise be ignored.
    /// </summary>
    private static IEnumerable<string> MisspelledMembers(JsonObject section, string path, string[] known)
    {
        foreach (var (name, _) in section)
        {
            if (known.Contains(name, StringComparer.Ordinal))
            {
                continue;
            }

            var suggestion = known.FirstOrDefault(member => EditDistance(member.ToLowerInvariant(), name.ToLowerInvariant()) <= 2);
            if (suggestion is not null)
            {
                yield return $"'{path}.{name}' is not a setting of '{path}'; did you mean '{suggestion}'?";
            }
        }
    }

    private static string? ValidateInstanceType(string value) =>
        value.StartsWith("ml.", StringComparison.Ordinal) && value.Length > 3
            ? null
            : $"is '{value}', which is not a SageMaker instance type; use a value such as ml.m5.large.";

    private static string? ValidateDirection(string value) =>
        value.Equals(PromotionConfiguration.Maximize, StringComparison.OrdinalIgnoreCase) || value.Equals(PromotionConfiguration.Minimize, StringComparison.OrdinalIgnoreCase)
            ? null
            : $"is '{value}'; use Maximize or Minimize.";

    private static string? ValidateSageMakerName(string value) =>
        SageMakerNames.IsValid(value)
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"is '{value}', which is not a valid SageMaker endpoint name; use 1 to {SageMakerNames.MaxLength} letters, digits and hyphens, starting and ending with a letter or digit.");
}
