using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Pipeline.Local.Services;

namespace Pipeline.Local.CloudWatch;

/// <summary>The state change events, the API operations and the evaluation loop.</summary>
public sealed partial class LocalAlarmService
{
    /// <summary>Adds <c>DescribeAlarms</c>, <c>SetAlarmState</c> and <c>PutMetricAlarm</c> to <paramref name="registry"/> under the signing name <c>monitoring</c>.</summary>
    public void Register(LocalServiceRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.Register("monitoring", "PutMetricAlarm", async (request, cancellationToken) =>
        {
            await PutMetricAlarmAsync(request, cancellationToken).ConfigureAwait(false);
            return new JsonObject();
        });
        registry.Register("monitoring", "DescribeAlarms", async (request, cancellationToken) =>
        {
            var names = (request["AlarmNames"] as JsonArray)?.Select(name => name?.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
            var prefix = request["AlarmNamePrefix"]?.GetValue<string>();
            var stateFilter = request["StateValue"]?.GetValue<string>();
            var alarms = new JsonArray();
            foreach (var state in await GetStatesAsync(cancellationToken).ConfigureAwait(false))
            {
                if ((names is null || names.Contains(state.Alarm.AlarmName))
                    && (prefix is null || state.Alarm.AlarmName.StartsWith(prefix, StringComparison.Ordinal))
                    && (stateFilter is null || state.StateValue == stateFilter))
                {
                    alarms.Add(Describe(state));
                }
            }

            return new JsonObject { ["MetricAlarms"] = alarms, ["CompositeAlarms"] = new JsonArray() };
        });
        registry.Register("monitoring", "SetAlarmState", async (request, cancellationToken) =>
        {
            var name = request["AlarmName"]?.GetValue<string>() ?? throw new AwsServiceException("MissingParameter", "The parameter AlarmName is required.");
            var value = request["StateValue"]?.GetValue<string>() ?? throw new AwsServiceException("MissingParameter", "The parameter StateValue is required.");
            var reason = request["StateReason"]?.GetValue<string>() ?? throw new AwsServiceException("MissingParameter", "The parameter StateReason is required.");
            await SetAlarmStateAsync(name, value, reason, cancellationToken).ConfigureAwait(false);
            return new JsonObject();
        });
    }

    /// <summary>Evaluates the alarms every <see cref="EvaluationInterval"/> until <paramref name="cancellationToken"/> is canceled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        Log.AlarmEvaluationStarted(_logger, _alarms.Length, EvaluationInterval.TotalSeconds);
        try
        {
            while (true)
            {
                try
                {
                    await EvaluateAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    Log.AlarmEvaluationFailed(_logger, exception, EvaluationInterval.TotalSeconds);
                }

                await Task.Delay(EvaluationInterval, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Log.AlarmEvaluationStopped(_logger);
        }
    }

    /// <summary>Returns an alarm in the shape of a DescribeAlarms <c>MetricAlarms</c> entry.</summary>
    private static JsonObject Describe(AlarmStateRecord state)
    {
        var alarm = state.Alarm;
        return new JsonObject
        {
            ["AlarmName"] = alarm.AlarmName,
            ["AlarmArn"] = alarm.Arn,
            ["AlarmDescription"] = alarm.Description,
            ["ActionsEnabled"] = alarm.ActionsEnabled,
            ["StateValue"] = state.StateValue,
            ["StateReason"] = state.StateReason,
            ["StateUpdatedTimestamp"] = Math.Round(state.StateUpdatedTimestamp.ToUnixTimeMilliseconds() / 1000.0, 3),
            ["MetricName"] = alarm.MetricName,
            ["Namespace"] = alarm.Namespace,
            ["Statistic"] = alarm.Statistic,
            ["Dimensions"] = new JsonArray([.. alarm.Dimensions.Select(pair => (JsonNode?)new JsonObject { ["Name"] = pair.Key, ["Value"] = pair.Value })]),
            ["Period"] = alarm.PeriodSeconds,
            ["EvaluationPeriods"] = alarm.EvaluationPeriods,
            ["DatapointsToAlarm"] = alarm.DatapointsToAlarm,
            ["Threshold"] = alarm.Threshold,
            ["ComparisonOperator"] = alarm.ComparisonOperator,
            ["TreatMissingData"] = alarm.TreatMissingData,
        };
    }

    /// <summary>Returns the <c>CloudWatch Alarm State Change</c> event of one change, in the shape CloudWatch sends to EventBridge.</summary>
    private JsonObject StateChangeEvent(AlarmStateRecord previous, AlarmStateRecord current)
    {
        var alarm = current.Alarm;
        var dimensions = new JsonObject();
        foreach (var (name, value) in alarm.Dimensions)
        {
            dimensions[name] = value;
        }

        return new JsonObject
        {
            ["version"] = "0",
            ["id"] = Guid.NewGuid().ToString(),
            ["detail-type"] = "CloudWatch Alarm State Change",
            ["source"] = "aws.cloudwatch",
            ["account"] = _environment.AccountId,
            ["time"] = current.StateUpdatedTimestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["region"] = _environment.Region,
            ["resources"] = new JsonArray(alarm.Arn),
            ["detail"] = new JsonObject
            {
                ["alarmName"] = alarm.AlarmName,
                ["configuration"] = new JsonObject
                {
                    ["description"] = alarm.Description,
                    ["metrics"] = new JsonArray(new JsonObject
                    {
                        ["id"] = "m1",
                        ["metricStat"] = new JsonObject
                        {
                            ["metric"] = new JsonObject { ["dimensions"] = dimensions, ["name"] = alarm.MetricName, ["namespace"] = alarm.Namespace },
                            ["period"] = alarm.PeriodSeconds,
                            ["stat"] = alarm.Statistic,
                        },
                        ["returnData"] = true,
                    }),
                },
                ["previousState"] = StateJson(previous),
                ["state"] = StateJson(current),
            },
        };
    }

    private static JsonObject StateJson(AlarmStateRecord state) => new()
    {
        ["reason"] = state.StateReason,
        ["timestamp"] = state.StateUpdatedTimestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'+0000'", CultureInfo.InvariantCulture),
        ["value"] = state.StateValue,
    };
}
