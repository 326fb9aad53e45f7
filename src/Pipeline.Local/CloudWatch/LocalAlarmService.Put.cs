using System.Text.Json.Nodes;
using Pipeline.Local.Services;
using static Pipeline.Local.CloudWatch.Internal.CloudWatchRequest;
using Pipeline.Local.Template;

namespace Pipeline.Local.CloudWatch;

/// <summary><c>PutMetricAlarm</c>: alarms made at run time, such as the retraining state machine's rollback alarm.</summary>
public sealed partial class LocalAlarmService
{
    /// <summary>The resource store kind of the requests that made alarms, so that later processes on the state folder have them too.</summary>
    public const string PutAlarmKind = "cloudwatch/MetricAlarm";

    private readonly Lock _replaceGate = new();

    /// <summary>
    /// Creates an alarm, or replaces the configuration of the alarm of that name, as <c>PutMetricAlarm</c> does, and
    /// starts it in INSUFFICIENT_DATA. Single-metric alarms only, as in the template.
    /// </summary>
    /// <remarks>
    /// CloudWatch keeps the state of a replaced alarm until its next evaluation. Locally, alarms are evaluated only
    /// while <c>pipeline up</c> runs, so a kept ALARM from an earlier deployment could stay and roll back the next
    /// update at once; a replaced alarm starts over instead.
    /// </remarks>
    public async Task PutMetricAlarmAsync(JsonObject request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var alarm = ReadAlarm(request);
        bool created;
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            lock (_replaceGate)
            {
                created = Replace(alarm);
            }

            await _store.PutAsync(PutAlarmKind, alarm.AlarmName, (JsonObject)request.DeepClone(), cancellationToken).ConfigureAwait(false);
            var reason = created ? "Unchecked: Initial alarm creation" : "Unchecked: Alarm updated by PutMetricAlarm";
            await SaveAsync(new AlarmStateRecord(alarm, AlarmStates.InsufficientData, reason, _timeProvider.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }

        Log.AlarmPut(_logger, alarm.AlarmName, created ? "created" : "updated", alarm.MetricName, alarm.Namespace, alarm.ComparisonOperator, alarm.Threshold);
    }

    // Reads the alarms that PutMetricAlarm made, in this process or another one on the state folder (a `pipeline run`
    // beside `pipeline up`), before each use of the alarms.
    private async Task RestorePutAlarmsAsync(CancellationToken cancellationToken)
    {
        var alarms = new List<AlarmResource>();
        foreach (var request in await _store.ListAsync(PutAlarmKind, cancellationToken).ConfigureAwait(false))
        {
            try
            {
                alarms.Add(ReadAlarm(request));
            }
            catch (AwsServiceException exception)
            {
                // A request stored by an older version that this one rejects: the other alarms still work.
                Log.StoredAlarmSkipped(_logger, request["AlarmName"]?.ToJsonString() ?? "(no name)", exception.Message);
            }
        }

        lock (_replaceGate)
        {
            foreach (var alarm in alarms)
            {
                Replace(alarm);
            }
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

        var description = OptionalText(request, "AlarmDescription");
        if (description?.Length > 1024)
        {
            throw Invalid($"The AlarmDescription of {name} is longer than 1024 characters.");
        }

        var evaluationPeriods = RequiredInteger(request, "EvaluationPeriods", minimum: 1);
        var datapoints = request["DatapointsToAlarm"] is null ? evaluationPeriods : RequiredInteger(request, "DatapointsToAlarm", minimum: 1);
        if (datapoints > evaluationPeriods)
        {
            throw Invalid($"DatapointsToAlarm {datapoints} is larger than EvaluationPeriods {evaluationPeriods}. Set it to at most {evaluationPeriods}.");
        }

        var period = RequiredInteger(request, "Period", minimum: 10);
        if (!AlarmEvaluator.IsValidPeriod(period))
        {
            throw Invalid($"The Period {period} is invalid. Use 10, 20, 30 or a multiple of 60 seconds.");
        }

        // CloudWatch's limits on the evaluated window: seven days, or one day when the period is under an hour.
        var window = (long)period * evaluationPeriods;
        var limit = period < 3600 ? 86_400 : 604_800;
        if (window > limit)
        {
            throw Invalid($"Period {period} times EvaluationPeriods {evaluationPeriods} is {window} seconds, more than the {limit} seconds allowed. Use fewer or shorter periods.");
        }

        var threshold = RequiredNumber(request, "Threshold");
        return new AlarmResource(
            name,
            name,
            $"arn:aws:cloudwatch:{_environment.Region}:{_environment.AccountId}:alarm:{name}",
            description,
            RequiredText(request, "Namespace"),
            RequiredText(request, "MetricName"),
            ReadDimensions(request),
            OneOf(request, "Statistic", TemplateLoader.Statistics, fallback: null),
            period,
            evaluationPeriods,
            datapoints,
            threshold,
            OneOf(request, "ComparisonOperator", TemplateLoader.ComparisonOperators, fallback: null),
            OneOf(request, "TreatMissingData", TemplateLoader.MissingDataTreatments, fallback: "missing"),
            OptionalBoolean(request, "ActionsEnabled") ?? true);
    }

    private static Dictionary<string, string> ReadDimensions(JsonObject request)
    {
        var dimensions = new Dictionary<string, string>(StringComparer.Ordinal);
        switch (request["Dimensions"])
        {
            case null:
                return dimensions;
            case JsonArray { Count: > 30 } list:
                throw Invalid($"The alarm has {list.Count} dimensions; a metric has at most 30.");
            case JsonArray list:
                foreach (var item in list)
                {
                    var dimension = item as JsonObject ?? throw Invalid("Each member of Dimensions must be an object with Name and Value.");
                    var dimensionName = RequiredText(dimension, "Name", "Dimensions.member.Name");
                    if (!dimensions.TryAdd(dimensionName, RequiredText(dimension, "Value", "Dimensions.member.Value")))
                    {
                        throw Invalid($"The dimension {dimensionName} is given twice. Give each dimension once.");
                    }
                }

                return dimensions;
            default:
                throw Invalid("The parameter Dimensions must be a list of objects with Name and Value.");
        }
    }
}
