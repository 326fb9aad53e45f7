using System.Globalization;
using System.Text.Json.Nodes;
using Pipeline.Learning.Tuning;
using Pipeline.Local.Services;

namespace Pipeline.Local.SageMaker.Tuning;

/// <summary>The members of a CreateHyperParameterTuningJob request the local runtime acts on, validated.</summary>
internal sealed record TuningJobRequest(
    string Name,
    string Strategy,
    ObjectiveType ObjectiveType,
    string ObjectiveMetric,
    int MaxTrainingJobs,
    int MaxParallelTrainingJobs,
    int? MaxRuntimeInSeconds,
    IReadOnlyList<ParameterRange> Ranges,
    bool EarlyStopping,
    int Seed,
    int MinResource,
    int MaxResource,
    JsonObject TrainingJobDefinition,
    CompletionCriteria CompletionCriteria,
    WarmStartConfig? WarmStart)
{
    /// <summary>SageMaker's limit on the number of hyperparameters one tuning job searches.</summary>
    public const int MaxRanges = 30;

    public static TuningJobRequest Read(JsonObject request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var name = SageMakerRequest.RequiredString(request, "HyperParameterTuningJobName");
        if (name.Length > 32 || !System.Text.RegularExpressions.Regex.IsMatch(name, "^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,31}$"))
        {
            throw SageMakerRequest.ValidationError(name, "HyperParameterTuningJobName", "Member must satisfy regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,31}");
        }

        var config = request["HyperParameterTuningJobConfig"] as JsonObject
            ?? throw SageMakerRequest.ValidationError(null, "HyperParameterTuningJobConfig", "Member must not be null");
        var strategy = SageMakerRequest.OptionalEnum(config, "Strategy", "Bayesian", "Random", "Hyperband", "Grid")
            ?? throw SageMakerRequest.ValidationError(null, "hyperParameterTuningJobConfig.strategy", "Member must not be null");

        var objective = config["HyperParameterTuningJobObjective"] as JsonObject
            ?? throw SageMakerRequest.ValidationError(null, "hyperParameterTuningJobConfig.hyperParameterTuningJobObjective", "Member must not be null");
        var type = SageMakerRequest.OptionalEnum(objective, "Type", "Maximize", "Minimize")
            ?? throw SageMakerRequest.ValidationError(null, "hyperParameterTuningJobConfig.hyperParameterTuningJobObjective.type", "Member must not be null");
        var metric = SageMakerRequest.RequiredString(objective, "MetricName");

        var limits = config["ResourceLimits"] as JsonObject
            ?? throw SageMakerRequest.ValidationError(null, "hyperParameterTuningJobConfig.resourceLimits", "Member must not be null");
        var parallel = SageMakerRequest.OptionalInt(limits, "MaxParallelTrainingJobs", 1, int.MaxValue)
            ?? throw SageMakerRequest.ValidationError(null, "hyperParameterTuningJobConfig.resourceLimits.maxParallelTrainingJobs", "Member must not be null");
        var maxJobs = SageMakerRequest.OptionalInt(limits, "MaxNumberOfTrainingJobs", 1, int.MaxValue);
        var maxRuntime = SageMakerRequest.OptionalInt(limits, "MaxRuntimeInSeconds", 120, 15768000);

        var definition = request[nameof(TrainingJobDefinition)] as JsonObject;
        if (definition is null)
        {
            throw request["TrainingJobDefinitions"] is not null
                ? AwsServiceException.Validation("TrainingJobDefinitions (several algorithms in one tuning job) is not supported by the local runtime. Use TrainingJobDefinition.")
                : SageMakerRequest.ValidationError(null, nameof(TrainingJobDefinition), "Member must not be null");
        }

        var ranges = ReadRanges(config["ParameterRanges"] as JsonObject);
        ValidateRanges(ranges, strategy, definition);
        if (maxJobs is null && strategy != "Grid")
        {
            throw AwsServiceException.Validation($"ResourceLimits.MaxNumberOfTrainingJobs is required for the {strategy} strategy. Set it to the number of training jobs to run.");
        }

        var gridSize = ranges.OfType<CategoricalParameterRange>().Aggregate(1, (product, range) => product * range.Values.Count);
        var hyperband = (config["StrategyConfig"] as JsonObject)?["HyperbandStrategyConfig"] as JsonObject;
        var minResource = hyperband is null ? 1 : SageMakerRequest.OptionalInt(hyperband, "MinResource", 1, int.MaxValue) ?? 1;
        var maxResource = hyperband is null ? 100 : SageMakerRequest.OptionalInt(hyperband, "MaxResource", 1, int.MaxValue) ?? 100;
        if (minResource > maxResource)
        {
            throw AwsServiceException.Validation($"HyperbandStrategyConfig.MinResource ({minResource}) must not be greater than MaxResource ({maxResource}).");
        }

        var seed = SageMakerRequest.OptionalInt(config, "RandomSeed", 0, int.MaxValue) ?? 0;
        var completion = CompletionCriteria.Read(config);
        var warmStart = WarmStartConfig.Read(request);
        var earlyStopping = (SageMakerRequest.OptionalEnum(config, "TrainingJobEarlyStoppingType", "Off", "Auto") ?? "Off") == "Auto";
        return new TuningJobRequest(
            name, strategy, type == "Maximize" ? ObjectiveType.Maximize : ObjectiveType.Minimize, metric,
            strategy == "Grid" ? Math.Min(maxJobs ?? gridSize, gridSize) : maxJobs!.Value, parallel, maxRuntime, ranges, earlyStopping, seed,
            minResource, maxResource, definition, completion, warmStart);
    }

    private static List<ParameterRange> ReadRanges(JsonObject? ranges)
    {
        var result = new List<ParameterRange>();
        if (ranges is null)
        {
            return result;
        }

        foreach (var item in Items(ranges, "IntegerParameterRanges"))
        {
            var (name, min, max, scaling) = Numeric(item, "IntegerParameterRanges");
            if (min != Math.Floor(min) || max != Math.Floor(max))
            {
                throw AwsServiceException.Validation($"The hyperparameter '{name}' is an integer range, but MinValue '{min}' or MaxValue '{max}' is not an integer.");
            }

            if (scaling == ScalingType.ReverseLogarithmic)
            {
                throw AwsServiceException.Validation($"The hyperparameter '{name}' is an integer range; ReverseLogarithmic scaling works only for continuous ranges.");
            }

            result.Add(new IntegerParameterRange(name, (long)min, (long)max, scaling));
        }

        foreach (var item in Items(ranges, "ContinuousParameterRanges"))
        {
            var (name, min, max, scaling) = Numeric(item, "ContinuousParameterRanges");
            result.Add(new ContinuousParameterRange(name, min, max, scaling));
        }

        foreach (var item in Items(ranges, "CategoricalParameterRanges"))
        {
            var name = SageMakerRequest.RequiredString(item, "Name");
            var values = (item["Values"] as JsonArray)?.Select(value => (string?)value ?? string.Empty).ToList() ?? [];
            if (values.Count is 0 or > 30)
            {
                throw AwsServiceException.Validation($"The categorical hyperparameter '{name}' needs between 1 and 30 values; it has {values.Count}.");
            }

            result.Add(new CategoricalParameterRange(name, values));
        }

        return result;
    }

    private static IEnumerable<JsonObject> Items(JsonObject ranges, string member) =>
        (ranges[member] as JsonArray)?.OfType<JsonObject>() ?? [];

    private static (string Name, double Min, double Max, ScalingType Scaling) Numeric(JsonObject item, string member)
    {
        var name = SageMakerRequest.RequiredString(item, "Name");
        var minText = SageMakerRequest.RequiredString(item, "MinValue");
        var maxText = SageMakerRequest.RequiredString(item, "MaxValue");
        if (!double.TryParse(minText, NumberStyles.Float, CultureInfo.InvariantCulture, out var min)
            || !double.TryParse(maxText, NumberStyles.Float, CultureInfo.InvariantCulture, out var max))
        {
            throw AwsServiceException.Validation($"{member}: MinValue '{minText}' and MaxValue '{maxText}' of hyperparameter '{name}' must be numbers written as strings.");
        }

        if (min > max)
        {
            throw AwsServiceException.Validation($"The hyperparameter '{name}' has MinValue {minText} greater than MaxValue {maxText}.");
        }

        var scaling = Enum.Parse<ScalingType>(SageMakerRequest.OptionalEnum(item, "ScalingType", "Auto", "Linear", "Logarithmic", "ReverseLogarithmic") ?? "Auto");
        if (scaling == ScalingType.Logarithmic && min <= 0)
        {
            throw AwsServiceException.Validation($"The hyperparameter '{name}' uses Logarithmic scaling, which works only for ranges whose values are all greater than 0 (MinValue is {minText}).");
        }

        if (scaling == ScalingType.ReverseLogarithmic && (min < 0 || max >= 1))
        {
            throw AwsServiceException.Validation($"The hyperparameter '{name}' uses ReverseLogarithmic scaling, which works only for ranges entirely within 0 <= x < 1.0 (range is [{minText}, {maxText}]).");
        }

        return (name, min, max, scaling);
    }

    private static void ValidateRanges(List<ParameterRange> ranges, string strategy, JsonObject definition)
    {
        if (ranges.Count == 0)
        {
            throw AwsServiceException.Validation("HyperParameterTuningJobConfig.ParameterRanges must name at least one hyperparameter to tune.");
        }

        if (ranges.Count > MaxRanges)
        {
            throw AwsServiceException.Validation($"A tuning job can search at most {MaxRanges} hyperparameters; ParameterRanges has {ranges.Count}.");
        }

        var duplicate = ranges.GroupBy(range => range.Name, StringComparer.Ordinal).FirstOrDefault(group => group.Count() > 1);
        if (duplicate is not null)
        {
            throw AwsServiceException.Validation($"The hyperparameter '{duplicate.Key}' appears in more than one parameter range.");
        }

        var statics = definition["StaticHyperParameters"] as JsonObject;
        var both = ranges.FirstOrDefault(range => statics?.ContainsKey(range.Name) == true);
        if (both is not null)
        {
            throw AwsServiceException.Validation($"The hyperparameter '{both.Name}' is both static and tunable. Remove it from StaticHyperParameters or from ParameterRanges.");
        }

        if (strategy == "Grid" && ranges.FirstOrDefault(range => range is not CategoricalParameterRange) is { } numeric)
        {
            throw AwsServiceException.Validation($"The Grid strategy searches categorical ranges only; '{numeric.Name}' is numeric. Make it a CategoricalParameterRange or use another strategy.");
        }
    }
}
