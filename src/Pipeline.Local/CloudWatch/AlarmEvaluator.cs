using System.Globalization;
using Pipeline.Local.Template;

namespace Pipeline.Local.CloudWatch;

/// <summary>The alarm states of CloudWatch.</summary>
public static class AlarmStates
{
    public const string Ok = "OK";
    public const string Alarm = "ALARM";
    public const string InsufficientData = "INSUFFICIENT_DATA";

    public static bool IsValid(string? state) => state is Ok or Alarm or InsufficientData;
}

/// <summary>The outcome of evaluating one alarm: its new state, the reason, and the statistic of each period (newest first, null when missing).</summary>
public sealed record AlarmEvaluation(string State, string Reason, IReadOnlyList<double?> PeriodValues);

/// <summary>Evaluates a single-metric alarm over the data points of its last periods.</summary>
/// <remarks>
/// The periods are aligned to multiples of the alarm's Period since the Unix epoch, and the last of them is the
/// one that contains the evaluation time. CloudWatch waits until a period has ended before it evaluates it.
/// The local runtime evaluates the current period while it fills, so a data point counts as soon as it is put.
/// Missing periods follow TreatMissingData:
/// <list type="table">
/// <listheader><term>TreatMissingData</term><description>a period without data</description></listheader>
/// <item><term>breaching</term><description>counts as breaching</description></item>
/// <item><term>notBreaching</term><description>counts as within the threshold</description></item>
/// <item><term>ignore</term><description>is left out; when every period is missing, the state stays as it is</description></item>
/// <item><term>missing</term><description>is left out; when every period is missing, the state is INSUFFICIENT_DATA</description></item>
/// </list>
/// The state is ALARM when at least DatapointsToAlarm of the evaluated periods breach, and OK otherwise.
/// </remarks>
public static class AlarmEvaluator
{
    public static AlarmEvaluation Evaluate(AlarmResource alarm, IReadOnlyList<MetricDatapoint> points, DateTimeOffset now, string currentState)
    {
        ArgumentNullException.ThrowIfNull(alarm);
        ArgumentNullException.ThrowIfNull(points);
        var period = TimeSpan.FromSeconds(alarm.PeriodSeconds);
        var newestStart = NewestCompletePeriodStart(now, period);
        var values = new List<double?>();
        for (var i = 0; i < alarm.EvaluationPeriods; i++)
        {
            var start = newestStart - (period * i);
            var inPeriod = points.Where(point => point.Timestamp >= start && point.Timestamp < start + period).Select(point => point.Value).ToList();
            values.Add(inPeriod.Count == 0 ? null : Statistic(alarm.Statistic, inPeriod));
        }

        var breaching = 0;
        var evaluated = 0;
        foreach (var value in values)
        {
            bool? breaches = value is { } present ? Breaches(alarm, present) : alarm.TreatMissingData switch
            {
                "breaching" => true,
                "notBreaching" => false,
                _ => null,
            };
            if (breaches is not null)
            {
                evaluated++;
                breaching += breaches.Value ? 1 : 0;
            }
        }

        if (evaluated == 0)
        {
            return alarm.TreatMissingData == "ignore"
                ? new AlarmEvaluation(currentState, "No data in the evaluated periods; TreatMissingData ignore keeps the state", values)
                : new AlarmEvaluation(AlarmStates.InsufficientData, $"Insufficient Data: no data points in the last {alarm.EvaluationPeriods} periods of {alarm.PeriodSeconds} s", values);
        }

        var state = breaching >= alarm.DatapointsToAlarm ? AlarmStates.Alarm : AlarmStates.Ok;
        var datapoints = string.Join(", ", values.Where(value => value is not null).Select(value => value!.Value.ToString("0.###", CultureInfo.InvariantCulture)));
        var missing = values.Count(value => value is null);
        var missingNote = missing == 0 || alarm.TreatMissingData is "ignore" or "missing"
            ? string.Empty
            : $" ({missing} {(missing == 1 ? "period" : "periods")} without data counted as {(alarm.TreatMissingData == "breaching" ? "breaching" : "not breaching")})";
        var reason = string.Create(
            CultureInfo.InvariantCulture,
            $"Threshold Crossed: {breaching} of the last {evaluated} datapoints [{datapoints}]{missingNote} {(breaching == 1 ? "was" : "were")} {Describe(alarm.ComparisonOperator)} the threshold ({alarm.Threshold}); ALARM needs {alarm.DatapointsToAlarm}.");
        return new AlarmEvaluation(state, reason, values);
    }

    /// <summary>Returns whether <paramref name="seconds"/> is a period an alarm can have: 10, 20, 30 or a multiple of 60.</summary>
    public static bool IsValidPeriod(int seconds) => seconds is 10 or 20 or 30 || (seconds > 0 && seconds % 60 == 0);

    /// <summary>
    /// Returns the start of the newest period that has ended at <paramref name="now"/>. As in CloudWatch, a period is
    /// evaluated once it is complete, so every data point is evaluated whenever the evaluations run.
    /// </summary>
    public static DateTimeOffset NewestCompletePeriodStart(DateTimeOffset now, TimeSpan period) => PeriodStart(now, period) - period;

    /// <summary>Returns the start of the period that contains <paramref name="time"/>.</summary>
    public static DateTimeOffset PeriodStart(DateTimeOffset time, TimeSpan period)
    {
        var ticks = (time - DateTimeOffset.UnixEpoch).Ticks;
        return DateTimeOffset.UnixEpoch.AddTicks(ticks - (ticks % period.Ticks));
    }

    private static bool Breaches(AlarmResource alarm, double value) => alarm.ComparisonOperator switch
    {
        "GreaterThanThreshold" => value > alarm.Threshold,
        "GreaterThanOrEqualToThreshold" => value >= alarm.Threshold,
        "LessThanThreshold" => value < alarm.Threshold,
        _ => value <= alarm.Threshold,
    };

    private static string Describe(string comparisonOperator) => comparisonOperator switch
    {
        "GreaterThanThreshold" => "greater than",
        "GreaterThanOrEqualToThreshold" => "greater than or equal to",
        "LessThanThreshold" => "less than",
        _ => "less than or equal to",
    };

    /// <summary>Returns one of CloudWatch's statistics (SampleCount, Average, Sum, Minimum, Maximum) of the values of a period.</summary>
    internal static double Statistic(string statistic, List<double> values) => statistic switch
    {
        "Maximum" => values.Max(),
        "Minimum" => values.Min(),
        "Sum" => values.Sum(),
        "SampleCount" => values.Count,
        _ => values.Average(),
    };
}
