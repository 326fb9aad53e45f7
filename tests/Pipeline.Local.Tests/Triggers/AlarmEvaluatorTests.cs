using Pipeline.Local.CloudWatch;
using Pipeline.Local.Template;

namespace Pipeline.Local.Tests.Triggers;

public sealed class AlarmEvaluatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 5, 1, 8, 10, 30, TimeSpan.Zero);

    // An evaluation in the next period, when the period holding Now has ended.
    private static readonly DateTimeOffset NextPeriod = Now.AddMinutes(1);

    [Theory]
    [InlineData("missing", "INSUFFICIENT_DATA")]
    [InlineData("ignore", "ALARM")]
    [InlineData("notBreaching", "OK")]
    [InlineData("breaching", "ALARM")]
    public void Evaluate_NoData_FollowsTreatMissingData(string treatMissingData, string expected)
    {
        var evaluation = AlarmEvaluator.Evaluate(Alarm(treatMissingData: treatMissingData), [], Now, currentState: "ALARM");

        Assert.Equal(expected, evaluation.State);
    }

    [Fact]
    public void Evaluate_TwoOfThreeBreaching_NeedsDatapointsToAlarm()
    {
        var points = new[] { Point(Now, 150), Point(Now.AddMinutes(-1), 50), Point(Now.AddMinutes(-2), 120) };

        var twoNeeded = AlarmEvaluator.Evaluate(Alarm(evaluationPeriods: 3, datapointsToAlarm: 2), points, NextPeriod, "OK");
        var threeNeeded = AlarmEvaluator.Evaluate(Alarm(evaluationPeriods: 3, datapointsToAlarm: 3), points, NextPeriod, "OK");

        Assert.Equal("ALARM", twoNeeded.State);
        Assert.Equal("OK", threeNeeded.State);
        Assert.Equal([150, 50, 120], twoNeeded.PeriodValues);
    }

    [Theory]
    [InlineData("Maximum", 30)]
    [InlineData("Minimum", 10)]
    [InlineData("Sum", 60)]
    [InlineData("Average", 20)]
    [InlineData("SampleCount", 3)]
    public void Evaluate_Statistic_CombinesPointsOfOnePeriod(string statistic, double expected)
    {
        var points = new[] { Point(Now, 10), Point(Now.AddSeconds(-10), 20), Point(Now.AddSeconds(-20), 30) };

        var evaluation = AlarmEvaluator.Evaluate(Alarm(statistic: statistic), points, NextPeriod, "OK");

        Assert.Equal(expected, evaluation.PeriodValues[0]);
    }

    [Fact]
    public void Evaluate_PointInRunningPeriod_CountsOnceThePeriodEnds()
    {
        // Periods of 60 s start on the minute: at 08:10:30 the newest complete period is 08:09 to 08:10.
        var early = Point(new DateTimeOffset(2026, 5, 1, 8, 10, 1, TimeSpan.Zero), 500);

        var during = AlarmEvaluator.Evaluate(Alarm(), [early], Now, "OK");
        var after = AlarmEvaluator.Evaluate(Alarm(), [early], new DateTimeOffset(2026, 5, 1, 8, 11, 0, TimeSpan.Zero), "OK");

        Assert.Equal("INSUFFICIENT_DATA", during.State);
        Assert.Equal("ALARM", after.State);
    }

    [Theory]
    [InlineData("GreaterThanThreshold", 100, "OK")]
    [InlineData("GreaterThanOrEqualToThreshold", 100, "ALARM")]
    [InlineData("LessThanThreshold", 99, "ALARM")]
    [InlineData("LessThanOrEqualToThreshold", 101, "OK")]
    public void Evaluate_ComparisonOperator_ComparesWithThreshold(string comparison, double value, string expected)
    {
        var evaluation = AlarmEvaluator.Evaluate(Alarm(comparisonOperator: comparison), [Point(Now, value)], NextPeriod, "OK");

        Assert.Equal(expected, evaluation.State);
    }

    private static MetricDatapoint Point(DateTimeOffset time, double value) =>
        new("test", "Age", new Dictionary<string, string>(), time, value, "Seconds");

    private static AlarmResource Alarm(
        string statistic = "Maximum",
        int evaluationPeriods = 1,
        int? datapointsToAlarm = null,
        string comparisonOperator = "GreaterThanOrEqualToThreshold",
        string treatMissingData = "missing") =>
        new("Alarm", "age", "arn:aws:cloudwatch:us-east-1:000000000000:alarm:age", null, "test", "Age", new Dictionary<string, string>(), statistic, 60, evaluationPeriods, datapointsToAlarm ?? evaluationPeriods, 100, comparisonOperator, treatMissingData, ActionsEnabled: true);
}
