using System.Globalization;
using System.Text.Json.Nodes;
using Pipeline.Local.Services;
using Pipeline.Local.Template;

namespace Pipeline.Local.CloudWatch;

/// <summary><c>PutMetricAlarm</c>: alarms made at run time, such as the retraining state machine's rollback alarm.</summary>
public sealed partial class LocalAlarmService
{
    /// <summary>The resource store kind of the requests that made alarms, so that later processes on the state folder have them too.</summary>
    public const string PutAlarmKind = "cloudwatch/MetricAlarm";

    /// <summary>
    /// Creates an alarm, or replaces the configuration of the alarm of that name, as <c>PutMetricAlarm</c> does. A new
    /// alarm starts in INSUFFICIENT_DATA; a replaced one keeps its state. Single-metric alarms only, as in the template.
    /// </summary>
    public async Task PutMetricAlarmAsync(JsonObject request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var alarm = ReadAlarm(request);
        bool created;
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            created = Replace(alarm);
            await _store.PutAsync(PutAlarmKind, alarm.AlarmName, (JsonObject)request.DeepClone(), cancellationToken).ConfigureAwait(false);
            if (created)
            {
                var initial = new AlarmStateRecord(alarm, AlarmStates.InsufficientData, "Unchecked: Initial alarm creation", _timeProvider.GetUtcNow());
                await SaveAsync(initial, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _lock.Release();
        }

        Log.AlarmPut(_logger, alarm.AlarmName, created ? "created" : "updated", alarm.MetricName, alarm.Namespace, alarm.ComparisonOperator, alarm.Threshold);
    }

    private async Task RestorePutAlarmsAsync(CancellationToken cancellationToken)
    {
        foreach (var request in await _store.ListAsync(PutAlarmKind, cancellationToken).ConfigureAwait(false))
        {
            Replace(ReadAlarm(request));
        }
    }

    // Adds the alarm or replaces the one of its name; true when it is new.
    private bool Replace(AlarmResource alarm)
    {
        var alarms = _alarms.ToList();
        var index = alarms.FindIndex(existing => existing.AlarmName == alarm.AlarmName);
        if (index >= 0)
        {
            alarms[index] = alarm;
        }
        else
        {
            alarms.Add(alarm);
        }

        _alarms = [.. alarms];
        return index < 0;
    }

    private AlarmResource ReadAlarm(JsonObject request)
    {
        foreach (var unsupported in new[] { "Metrics", "ExtendedStatistic", "ThresholdMetricId", "EvaluateLowSampleCountPercentile" })
        {
            if (request.ContainsKey(unsupported))
            {
                throw Invalid($"The parameter {unsupported} is not supported by the local runtime. Use Namespace, MetricName, Statistic and Threshold.");
            }
        }

        var name = RequiredText(request, "AlarmName");
        if (name.Length > 255)
        {
            throw Invalid($"The AlarmName '{name}' is longer than 255 characters.");
        }

        var evaluationPeriods = RequiredInteger(request, "EvaluationPeriods", minimum: 1);
        var datapoints = request["DatapointsToAlarm"] is null ? evaluationPeriods : RequiredInteger(request, "DatapointsToAlarm", minimum: 1);
        if (datapoints > evaluationPeriods)
        {
            throw Invalid($"DatapointsToAlarm {datapoints} is larger than EvaluationPeriods {evaluationPeriods}. Set it to at most {evaluationPeriods}.");
        }

        var period = RequiredInteger(request, "Period", minimum: 10);
        if (period is not (10 or 20 or 30) && period % 60 != 0)
        {
            throw Invalid($"The Period {period} is invalid. Use 10, 20, 30 or a multiple of 60 seconds.");
        }

        var dimensions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var dimension in request["Dimensions"] as JsonArray ?? [])
        {
            var dimensionName = dimension?["Name"]?.GetValue<string>() ?? throw Missing("Dimensions.member.Name");
            dimensions[dimensionName] = dimension["Value"]?.GetValue<string>() ?? throw Missing("Dimensions.member.Value");
        }

        var threshold = request["Threshold"] is { } thresholdNode ? thresholdNode.GetValue<double>() : throw Missing("Threshold");
        return new AlarmResource(
            name,
            name,
            $"arn:aws:cloudwatch:{_environment.Region}:{_environment.AccountId}:alarm:{name}",
            request["AlarmDescription"]?.GetValue<string>(),
            RequiredText(request, "Namespace"),
            RequiredText(request, "MetricName"),
            dimensions,
            OneOf(request, "Statistic", TemplateLoader.Statistics, fallback: null),
            period,
            evaluationPeriods,
            datapoints,
            threshold,
            OneOf(request, "ComparisonOperator", TemplateLoader.ComparisonOperators, fallback: null),
            OneOf(request, "TreatMissingData", TemplateLoader.MissingDataTreatments, fallback: "missing"),
            request["ActionsEnabled"]?.GetValue<bool>() ?? true);
    }

    private static string RequiredText(JsonObject request, string member) =>
        request[member]?.GetValue<string>() is { Length: > 0 } text ? text : throw Missing(member);

    private static int RequiredInteger(JsonObject request, string member, int minimum)
    {
        var node = request[member] ?? throw Missing(member);
        return node.GetValue<int>() is var value && value >= minimum
            ? value
            : throw Invalid($"The {member} {value.ToString(CultureInfo.InvariantCulture)} is invalid. Set it to a whole number of at least {minimum}.");
    }

    private static string OneOf(JsonObject request, string member, string[] allowed, string? fallback)
    {
        var value = request[member]?.GetValue<string>() ?? fallback ?? throw Missing(member);
        return allowed.Contains(value, StringComparer.Ordinal)
            ? value
            : throw Invalid($"The {member} '{value}' is invalid or not supported locally. Use one of {string.Join(", ", allowed)}.");
    }

    private static AwsServiceException Missing(string member) => new("MissingParameter", $"The parameter {member} is required.");

    private static AwsServiceException Invalid(string message) => new("InvalidParameterValue", message);
}
