using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Aws;
using Pipeline.Aws.SageMaker;
using Pipeline.Functions.Configuration;
using Pipeline.Functions.Internal;

namespace Pipeline.Functions.EvaluateCandidate;

/// <summary>
/// The EvaluateCandidate Lambda function: compares a trained candidate's final metric with the current
/// champion (the newest <c>Approved</c> model package of the group) and decides whether to promote it.
/// Handler: <c>Pipeline.Functions::Pipeline.Functions.EvaluateCandidate.Function::HandleAsync</c>.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Justification = "The Lambda handler string fixes the class name.")]
public sealed class Function
{
    private readonly Lazy<ISageMakerClient> _sageMaker;
    private readonly ILogger _logger;

    /// <summary>Creates the function from the process environment, as Lambda does.</summary>
    public Function()
        : this(HandlerEnvironment.ReadProcessEnvironment(), HandlerEnvironment.CreateConsoleLoggerFactory())
    {
    }

    /// <summary>Creates the function from the given environment variables (the local runtime passes the template's).</summary>
    public Function(IReadOnlyDictionary<string, string?> environment)
        : this(environment, HandlerEnvironment.CreateConsoleLoggerFactory())
    {
    }

    /// <summary>Creates the function from the given environment variables, logging to <paramref name="loggerFactory"/>.</summary>
    public Function(IReadOnlyDictionary<string, string?> environment, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var clients = new AwsClients(new AwsEnvironment(environment), loggerFactory);
        _sageMaker = new Lazy<ISageMakerClient>(() => clients.SageMaker);
        _logger = loggerFactory.CreateLogger("Pipeline.Functions.EvaluateCandidate");
    }

    /// <summary>Creates the function over the given client (tests and in-process hosts).</summary>
    internal Function(ISageMakerClient sageMaker, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(sageMaker);
        _sageMaker = new Lazy<ISageMakerClient>(sageMaker);
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>
    /// Handles <c>{"trainingJob": DescribeTrainingJob result, "promotion": rule, "modelPackageGroupName": name}</c>
    /// and returns <c>{"promote", "reason", "metricName", "candidateValue", "championValue",
    /// "championModelPackageArn", "customerMetadataProperties"}</c>.
    /// </summary>
    public async Task<Stream> HandleAsync(Stream input)
    {
        var node = await HandlerEnvironment.ReadJsonAsync(input, "EvaluateCandidate", CancellationToken.None).ConfigureAwait(false);
        if (node is not JsonObject request)
        {
            throw new ArgumentException("The EvaluateCandidate input must be a JSON object with trainingJob, promotion and modelPackageGroupName.", nameof(input));
        }

        var output = await EvaluateAsync(request, CancellationToken.None).ConfigureAwait(false);
        return HandlerEnvironment.WriteJson(output);
    }

    /// <summary>Evaluates a parsed request and returns the output object.</summary>
    public async Task<JsonObject> EvaluateAsync(JsonObject request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request["trainingJob"] is not JsonObject trainingJob)
        {
            throw new ArgumentException("The EvaluateCandidate input has no 'trainingJob' object; pass the DescribeTrainingJob result of the training step.", nameof(request));
        }

        if (request["modelPackageGroupName"] is not JsonValue groupNode
            || groupNode.GetValueKind() != JsonValueKind.String
            || string.IsNullOrWhiteSpace(groupNode.GetValue<string>()))
        {
            throw new ArgumentException("The EvaluateCandidate input has no 'modelPackageGroupName' string; pass names.modelPackageGroup.", nameof(request));
        }

        var group = groupNode.GetValue<string>();
        var rule = DatasetConfiguration.ParsePromotion(request["promotion"]);
        var metrics = ReadFinalMetrics(trainingJob);
        double? candidate = metrics.TryGetValue(rule.Metric, out var value) ? value : null;

        var trainingJobName = trainingJob["TrainingJobName"] is JsonValue name && name.GetValueKind() == JsonValueKind.String ? name.GetValue<string>() : "(unnamed)";
        if (candidate is null)
        {
            // A rule on a metric the job never reports is a configuration error; rejecting every candidate would
            // hide it behind a successful execution.
            var reported = metrics.Count == 0 ? "no metrics" : string.Join(", ", metrics.Keys.Order(StringComparer.Ordinal));
            throw new PromotionMetricMissingException(
                $"The promotion metric {rule.Metric} was not reported by training job {trainingJobName}, which reported {reported}. "
                + "Set promotion.metric in the dataset configuration to one of those, or add the metric to eval_metric.");
        }

        var (championArn, championValue) = await FindChampionAsync(group, rule.Metric, cancellationToken).ConfigureAwait(false);
        var decision = PromotionRule.Evaluate(rule, candidate, championArn, championValue);
        Log.Evaluated(_logger, trainingJobName, decision.Promote, decision.Reason);

        var properties = new JsonObject();
        foreach (var (metricName, metricValue) in metrics.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            properties[metricName] = PromotionRule.Format(metricValue);
        }

        return new JsonObject
        {
            ["promote"] = decision.Promote,
            ["reason"] = decision.Reason,
            ["metricName"] = rule.Metric,
            ["candidateValue"] = candidate,
            ["championValue"] = championValue,
            ["championModelPackageArn"] = championArn,
            ["customerMetadataProperties"] = properties,
        };
    }

    private async Task<(string? Arn, double? Value)> FindChampionAsync(string group, string metric, CancellationToken cancellationToken)
    {
        // NOTE: on the first run the group does not exist yet. ListModelPackages is a filter and is expected
        // to return an empty list then; an error from it fails the evaluation instead of promoting.
        var list = await _sageMaker.Value.ListModelPackagesAsync(
            new ListModelPackagesRequest
            {
                ModelPackageGroupName = group,
                ModelApprovalStatus = ModelApprovalStatus.Approved,
                SortBy = "CreationTime",
                SortOrder = "Descending",
                MaxResults = 1,
            },
            cancellationToken).ConfigureAwait(false);

        var newest = list.ModelPackageSummaryList.Count > 0 ? list.ModelPackageSummaryList[0] : null;
        if (newest is null)
        {
            Log.NoChampion(_logger, group);
            return (null, null);
        }

        Log.ChampionFound(_logger, group, newest.ModelPackageArn);
        var package = await _sageMaker.Value.DescribeModelPackageAsync(
            new DescribeModelPackageRequest { ModelPackageName = newest.ModelPackageArn },
            cancellationToken).ConfigureAwait(false);
        double? value = package.CustomerMetadataProperties is { } properties
            && properties.TryGetValue(metric, out var text)
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : null;
        return (newest.ModelPackageArn, value);
    }

    /// <summary>Reads <c>FinalMetricDataList</c> into metric name to value; values may be numbers or numeric strings.</summary>
    internal static Dictionary<string, double> ReadFinalMetrics(JsonObject trainingJob)
    {
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        if (trainingJob["FinalMetricDataList"] is not JsonArray list)
        {
            return metrics;
        }

        foreach (var item in list.OfType<JsonObject>())
        {
            if (item["MetricName"] is not JsonValue nameNode || nameNode.GetValueKind() != JsonValueKind.String)
            {
                continue;
            }

            double? value = item["Value"] switch
            {
                JsonValue number when number.GetValueKind() == JsonValueKind.Number => number.GetValue<double>(),
                JsonValue text when text.GetValueKind() == JsonValueKind.String
                    && double.TryParse(text.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
                _ => null,
            };
            if (value is { } metricValue)
            {
                metrics[nameNode.GetValue<string>()] = metricValue;
            }
        }

        return metrics;
    }
}

/// <summary>The promotion rule names a metric that the candidate's training job did not report.</summary>
public sealed class PromotionMetricMissingException : Exception
{
    public PromotionMetricMissingException(string message)
        : base(message)
    {
    }

    public PromotionMetricMissingException()
    {
    }

    public PromotionMetricMissingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
