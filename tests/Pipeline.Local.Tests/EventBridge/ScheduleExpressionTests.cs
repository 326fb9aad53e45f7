using System.Globalization;
using Pipeline.Local.EventBridge;

namespace Pipeline.Local.Tests.EventBridge;

public sealed class ScheduleExpressionTests
{
    private static readonly DateTimeOffset Start = new(2026, 5, 1, 8, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("rate(1 minute)", "2026-05-01T08:01:00Z")]
    [InlineData("rate(5 minutes)", "2026-05-01T08:05:00Z")]
    [InlineData("rate(1 hour)", "2026-05-01T09:00:00Z")]
    [InlineData("rate(7 days)", "2026-05-08T08:00:00Z")]
    [InlineData(" rate( 12 hours ) ", "2026-05-01T20:00:00Z")]
    public void Rate_FirstOccurrence_IsOneIntervalAfterStart(string text, string expected)
    {
        var expression = ScheduleExpression.Parse(text);

        Assert.Equal(Utc(expected), expression.GetNextOccurrence(Start, Start));
    }

    [Fact]
    public void Rate_AfterMissedIntervals_ReturnsNextIntervalBoundary()
    {
        var expression = ScheduleExpression.Parse("rate(5 minutes)");

        Assert.Equal(Utc("2026-05-01T08:20:00Z"), expression.GetNextOccurrence(Utc("2026-05-01T08:17:30Z"), Start));
        Assert.Equal(Utc("2026-05-01T08:25:00Z"), expression.GetNextOccurrence(Utc("2026-05-01T08:20:00Z"), Start));
    }

    [Theory]
    [InlineData("cron(0 6 * * ? *)", "2026-05-01T08:00:00Z", "2026-05-02T06:00:00Z")]
    [InlineData("cron(15 10 ? * MON-FRI *)", "2026-05-01T08:00:00Z", "2026-05-01T10:15:00Z")]
    [InlineData("cron(0 8 ? * 2 *)", "2026-05-01T08:00:00Z", "2026-05-04T08:00:00Z")]
    [InlineData("cron(0 8 ? * 1 *)", "2026-05-01T08:00:00Z", "2026-05-03T08:00:00Z")]
    [InlineData("cron(0 8 ? * 7 *)", "2026-05-01T08:00:00Z", "2026-05-02T08:00:00Z")]
    [InlineData("cron(0 8 ? * 6L *)", "2026-05-01T08:00:00Z", "2026-05-29T08:00:00Z")]
    [InlineData("cron(0 8 ? * 3#2 *)", "2026-05-01T08:00:00Z", "2026-05-12T08:00:00Z")]
    [InlineData("cron(0 18 L * ? *)", "2026-05-01T08:00:00Z", "2026-05-31T18:00:00Z")]
    [InlineData("cron(0/15 * * * ? *)", "2026-05-01T08:00:00Z", "2026-05-01T08:15:00Z")]
    [InlineData("cron(0 9 1 JAN ? 2027)", "2026-05-01T08:00:00Z", "2027-01-01T09:00:00Z")]
    [InlineData("cron(0 9 1 * ? 2026,2028)", "2026-12-01T09:00:00Z", "2028-01-01T09:00:00Z")]
    [InlineData("cron(0 9 1 * ? 2026-2030/2)", "2026-12-01T09:00:00Z", "2028-01-01T09:00:00Z")]
    public void Cron_EventBridgeFields_GiveNextOccurrence(string text, string after, string expected)
    {
        var expression = ScheduleExpression.Parse(text);

        Assert.Equal(Utc(expected), expression.GetNextOccurrence(Utc(after), Start));
    }

    [Fact]
    public void Cron_YearsOver_HasNoOccurrence()
    {
        var expression = ScheduleExpression.Parse("cron(0 9 * * ? 2025)");

        Assert.Null(expression.GetNextOccurrence(Start, Start));
    }

    [Fact]
    public void Cron_TimeZone_ReadsFieldsInLocalTime()
    {
        var expression = ScheduleExpression.Parse("cron(0 6 * * ? *)", "Europe/Berlin");

        // Berlin is at UTC+2 in May, so 06:00 local is 04:00 UTC.
        Assert.Equal(Utc("2026-05-02T04:00:00Z"), expression.GetNextOccurrence(Start, Start));
    }

    [Fact]
    public void At_SchedulerOnly_RunsOnce()
    {
        var expression = ScheduleExpression.Parse("at(2026-05-03T12:30:00)", allowOneTime: true);

        Assert.Equal(Utc("2026-05-03T12:30:00Z"), expression.GetNextOccurrence(Start, Start));
        Assert.Null(expression.GetNextOccurrence(Utc("2026-05-03T12:30:00Z"), Start));
    }

    [Theory]
    [InlineData("rate(1 minutes)", "a value of 1 takes the singular unit. Write rate(1 minute).")]
    [InlineData("rate(5 hour)", "a value above 1 takes the plural unit. Write rate(5 hours).")]
    [InlineData("rate(0 minutes)", "the value 0 must be a whole number of at least 1")]
    [InlineData("rate(1.5 hours)", "the value 1.5 must be a whole number of at least 1")]
    [InlineData("rate(2 weeks)", "with a whole number and minute, minutes, hour, hours, day or days")]
    [InlineData("rate(5minutes)", "A rate expression is rate(value unit)")]
    [InlineData("cron(0 6 * * *)", "has 5 fields; EventBridge cron expressions have 6")]
    [InlineData("cron(0 6 * * * *)", "exactly one of day-of-month ('*') and day-of-week ('*') must be '?'")]
    [InlineData("cron(0 6 ? * ? *)", "exactly one of day-of-month ('?') and day-of-week ('?') must be '?'")]
    [InlineData("cron(0 6 ? * 0 *)", "the day-of-week 0 in '0'; EventBridge numbers days 1-7 from Sunday")]
    [InlineData("cron(0 6 ? * MON 1969)", "the year '1969' in '1969'; years are 1970-2199")]
    [InlineData("cron(0 6 ? * MON 2030-2026)", "ends before it starts. Write it as 2026-2030")]
    [InlineData("cron(61 6 ? * MON *)", "is invalid (")]
    [InlineData("cron(0 25 * * ? *)", "Check each field against cron(minutes hours day-of-month month day-of-week year)")]
    [InlineData("every week", "Write rate(value unit), for example rate(7 days)")]
    [InlineData("at(2026-05-03T12:30:00)", "only EventBridge Scheduler (a ScheduleV2 event) accepts")]
    public void Parse_InvalidExpression_NamesValueAndFix(string text, string expected)
    {
        var error = Assert.Throws<ScheduleExpressionException>(() => ScheduleExpression.Parse(text));

        Assert.Contains($"'{text}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownTimeZone_NamesZoneAndFix()
    {
        var error = Assert.Throws<ScheduleExpressionException>(() => ScheduleExpression.Parse("cron(0 6 * * ? *)", "Mars/Olympus"));

        Assert.Contains("'Mars/Olympus'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Europe/Berlin", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BadAtTime_NamesFormat()
    {
        var error = Assert.Throws<ScheduleExpressionException>(() => ScheduleExpression.Parse("at(3 May 2026)", allowOneTime: true));

        Assert.Contains("at(yyyy-mm-ddThh:mm:ss)", error.Message, StringComparison.Ordinal);
    }

    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
