using System.Text.Json.Nodes;
using Pipeline.Local.Template;

namespace Pipeline.Local.Tests.Template;

/// <summary>Loading schedules, event rules and alarms: the repository's template, and small templates for the error cases.</summary>
public sealed class TemplateTriggerTests
{
    private const string Header = """
        Transform: AWS::Serverless-2016-10-31
        Resources:
          Worker:
            Type: AWS::Serverless::Function
            Properties:
              Handler: Pipeline.Functions::Pipeline.Functions.RunawayJobs.Function::HandleAsync
              Events:

        """;

    [Fact]
    public void Load_RepositoryTemplate_ReadsRetrainSchedule()
    {
        var template = LoadRepositoryTemplate();

        var schedule = Assert.Single(template.Schedules, s => s.Target.LogicalId == "ScheduledRetrainFunction");
        Assert.Equal("rate(7 days)", schedule.Expression.Text);
        Assert.True(schedule.Enabled);
        Assert.False(schedule.IsScheduler);
        Assert.Null(schedule.Input);
        Assert.Equal("demo-ScheduledRetrainFunctionRetrainSchedule", schedule.Name);
        Assert.Equal("arn:aws:events:us-east-1:000000000000:rule/demo-ScheduledRetrainFunctionRetrainSchedule", schedule.Arn);
        Assert.Equal(EventTargetKind.Function, schedule.Target.Kind);
        Assert.Equal("arn:aws:lambda:us-east-1:000000000000:function:demo-ScheduledRetrainFunction", schedule.Target.Arn);
        var function = template.Functions.Single(f => f.LogicalId == "ScheduledRetrainFunction");
        Assert.Equal("demo-data-000000000000-us-east-1", function.Environment["DATA_BUCKET"]);
        Assert.Equal("Always", function.Environment["SCHEDULED_RUN_MODE"]);
        Assert.Equal(string.Empty, function.Environment["SCHEDULED_DATASETS"]);
    }

    [Fact]
    public void Load_ScheduleParameters_SetExpressionAndState()
    {
        var template = LoadRepositoryTemplate(new Dictionary<string, string>
        {
            ["RetrainSchedule"] = "cron(0 6 ? * MON *)",
            ["RetrainScheduleState"] = "DISABLED",
        });

        var schedule = Assert.Single(template.Schedules, s => s.Target.LogicalId == "ScheduledRetrainFunction");
        Assert.Equal("cron(0 6 ? * MON *)", schedule.Expression.Text);
        Assert.False(schedule.Enabled);
    }

    [Fact]
    public void Load_BadRetrainSchedule_NamesEventAndFix()
    {
        var error = Assert.Throws<TemplateException>(() => LoadRepositoryTemplate(new Dictionary<string, string> { ["RetrainSchedule"] = "rate(1 days)" }));

        Assert.Contains("ScheduledRetrainFunction/Properties/Events/RetrainSchedule", error.Message, StringComparison.Ordinal);
        Assert.Contains("Write rate(1 day).", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_OverrideOutsideAllowedValues_NamesValueAndChoices()
    {
        var error = Assert.Throws<TemplateException>(() => LoadRepositoryTemplate(new Dictionary<string, string> { ["RetrainScheduleState"] = "PAUSED" }));

        Assert.Equal("The value 'PAUSED' of parameter RetrainScheduleState is not allowed. Use one of: ENABLED, DISABLED.", error.Message);
    }

    [Fact]
    public void Load_OverrideOfUnknownParameter_ListsParameters()
    {
        var error = Assert.Throws<TemplateException>(() => LoadRepositoryTemplate(new Dictionary<string, string> { ["RetrainScheduel"] = "rate(1 day)" }));

        Assert.StartsWith("The parameter override RetrainScheduel names no parameter of ", error.Message, StringComparison.Ordinal);
        Assert.Contains("RetrainSchedule, RetrainScheduleState", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_RepositoryTemplate_ReadsRunawayAlarmsAndRule()
    {
        var template = LoadRepositoryTemplate(new Dictionary<string, string> { ["MaxTrainingJobSeconds"] = "600" });

        Assert.Equal(3, template.Alarms.Count);
        var alarm = Assert.Single(template.Alarms, a => a.LogicalId == "RunawayTrainingJobAlarm");
        Assert.Equal("demo-runaway-training-job", alarm.AlarmName);
        Assert.Equal("arn:aws:cloudwatch:us-east-1:000000000000:alarm:demo-runaway-training-job", alarm.Arn);
        Assert.Equal("demo/RunawayJobs", alarm.Namespace);
        Assert.Equal("OldestTrainingJobAgeSeconds", alarm.MetricName);
        Assert.Equal("Maximum", alarm.Statistic);
        Assert.Equal(300, alarm.PeriodSeconds);
        Assert.Equal(1, alarm.EvaluationPeriods);
        Assert.Equal(1, alarm.DatapointsToAlarm);
        Assert.Equal(600, alarm.Threshold);
        Assert.Equal("GreaterThanThreshold", alarm.ComparisonOperator);
        Assert.Equal("notBreaching", alarm.TreatMissingData);
        Assert.True(alarm.ActionsEnabled);

        var measure = Assert.Single(template.Schedules, s => s.Target.LogicalId == "RunawayJobsFunction");
        Assert.Equal("rate(5 minutes)", measure.Expression.Text);
        var rule = Assert.Single(template.EventRules);
        Assert.Equal("RunawayJobsFunction", rule.Target.LogicalId);
        Assert.Equal("default", rule.EventBusName);
        var pattern = rule.Pattern.Json;
        Assert.Equal(3, pattern["resources"]!.AsArray().Count);
        Assert.Contains(pattern["resources"]!.AsArray(), arn => (string?)arn == alarm.Arn);
        var function = template.Functions.Single(f => f.LogicalId == "RunawayJobsFunction");
        Assert.Equal("600", function.Environment["MAX_TRAINING_JOB_SECONDS"]);
        Assert.Equal("demo/RunawayJobs", function.Environment["METRIC_NAMESPACE"]);
    }

    [Fact]
    public void Load_ScheduleV2_ReadsTimeZoneInputAndDates()
    {
        var template = LoadInline("""
                    Nightly:
                      Type: ScheduleV2
                      Properties:
                        ScheduleExpression: cron(0 2 * * ? *)
                        ScheduleExpressionTimezone: Europe/Berlin
                        StartDate: "2026-06-01T00:00:00Z"
                        Input: '{"time": "<aws.scheduler.scheduled-time>"}'
                        State: DISABLED
            """);

        var schedule = Assert.Single(template.Schedules);
        Assert.True(schedule.IsScheduler);
        Assert.False(schedule.Enabled);
        Assert.Equal("Europe/Berlin", schedule.Expression.TimeZone.Id);
        Assert.Equal(new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero), schedule.StartDate);
        Assert.Equal("""{"time": "<aws.scheduler.scheduled-time>"}""", schedule.Input);
        Assert.Equal("arn:aws:scheduler:us-east-1:000000000000:schedule/default/ml-pipeline-WorkerNightly", schedule.Arn);
    }

    [Fact]
    public void Load_EventsRuleResource_TargetsFunction()
    {
        var template = LoadInline("""
                    Ignored:
                      Type: SQS
                      Properties:
                        Queue: arn:aws:sqs:us-east-1:000000000000:q
              Hourly:
                Type: AWS::Events::Rule
                Properties:
                  Name: hourly
                  ScheduleExpression: rate(1 hour)
                  Targets:
                    - Id: worker
                      Arn: !GetAtt Worker.Arn
                      Input: '{"detail-type": "Scheduled Event"}'
            """);

        var schedule = Assert.Single(template.Schedules);
        Assert.Equal("hourly", schedule.Name);
        Assert.Equal("arn:aws:events:us-east-1:000000000000:rule/hourly", schedule.Arn);
        Assert.Equal("Worker", schedule.Target.LogicalId);
        Assert.Equal("""{"detail-type": "Scheduled Event"}""", schedule.Input);
    }

    [Theory]
    [InlineData("""
                    Broken:
                      Type: Schedule
                      Properties:
                        Schedule: cron(0 6 * * * *)
        """, "Worker/Properties/Events/Broken", "exactly one of day-of-month ('*') and day-of-week ('*') must be '?'")]
    [InlineData("""
                    Broken:
                      Type: Schedule
                      Properties:
                        Description: no expression
        """, "The Schedule event Worker/Properties/Events/Broken has no Schedule", "for example rate(7 days)")]
    [InlineData("""
                    Broken:
                      Type: Schedule
                      Properties:
                        Schedule: rate(1 hour)
                        State: PAUSED
        """, "The State 'PAUSED' of Worker/Properties/Events/Broken is invalid", "Use ENABLED or DISABLED or ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS")]
    [InlineData("""
                    Broken:
                      Type: Schedule
                      Properties:
                        Schedule: rate(1 hour)
                        Enabled: false
                        State: DISABLED
        """, "sets both State and Enabled", "Set only one of them")]
    [InlineData("""
                    Broken:
                      Type: Schedule
                      Properties:
                        Schedule: rate(1 hour)
                        Input: not json
        """, "The Input of Worker/Properties/Events/Broken is not valid JSON", "Write it as a JSON text")]
    [InlineData("""
                    Broken:
                      Type: EventBridgeRule
                      Properties:
                        Pattern:
                          source: []
        """, "Worker/Properties/Events/Broken: The event pattern field 'source' must hold a non-empty array", "\"source\": [\"value\"]")]
    [InlineData("""
                    Broken:
                      Type: EventBridgeRule
                      Properties:
                        Pattern:
                          detail:
                            ip: [{cidr: 10.0.0.0/24}]
        """, "The event pattern field 'detail.ip' uses the matcher", "Use one of: prefix")]
    [InlineData("""
                    Broken:
                      Type: EventBridgeRule
                      Properties:
                        Pattern: {source: [aws.s3]}
                        InputTransformer: {InputTemplate: x}
        """, "uses InputTransformer", "Use Input or InputPath")]
    public void Load_BadEventSource_NamesLocationAndFix(string events, string expectedLocation, string expectedFix)
    {
        var error = Assert.Throws<TemplateException>(() => LoadInline(events));

        Assert.Contains(expectedLocation, error.Message, StringComparison.Ordinal);
        Assert.Contains(expectedFix, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(60, "p99", "AlarmDescription: x", "The Statistic 'p99' of Alarm/Properties is invalid or not supported locally")]
    [InlineData(45, "Maximum", "AlarmDescription: x", "The Period 45 of Alarm/Properties is invalid. Use 10, 20, 30 or a multiple of 60 seconds.")]
    [InlineData(60, "Maximum", "DatapointsToAlarm: 3", "The DatapointsToAlarm 3 of Alarm/Properties is larger than EvaluationPeriods 2")]
    [InlineData(60, "Maximum", "ExtendedStatistic: p99", "The alarm Alarm sets ExtendedStatistic, which the local runtime does not evaluate")]
    public void Load_BadAlarm_NamesPropertyAndFix(int period, string statistic, string extra, string expected)
    {
        var path = WriteTemplate($"""
            Resources:
              Alarm:
                Type: AWS::CloudWatch::Alarm
                Properties:
                  Namespace: demo
                  MetricName: Age
                  Period: {period}
                  EvaluationPeriods: 2
                  Threshold: 10
                  ComparisonOperator: GreaterThanThreshold
                  Statistic: {statistic}
                  {extra}
            """);

        var error = Assert.Throws<TemplateException>(() => LocalTemplate.Load(path));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private static LocalTemplate LoadRepositoryTemplate(Dictionary<string, string>? overrides = null) =>
        LocalTemplate.Load(RepositoryPaths.Of("template.yaml"), new DeploymentEnvironment { StackName = "demo", ParameterOverrides = overrides ?? [] });

    private static LocalTemplate LoadInline(string events) => LocalTemplate.Load(WriteTemplate(Header + events));

    private static string WriteTemplate(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"template-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, text);
        return path;
    }
}
