using System.Text.Json.Nodes;
using Pipeline.Aws;
using Pipeline.Aws.CloudWatch;
using Pipeline.Aws.Json;
using Pipeline.Local.CloudWatch;
using Pipeline.Local.Services;

namespace Pipeline.Local.Tests.Triggers;

/// <summary>Alarms evaluated on data points put through the HTTP host, with a Pass state machine as the rule target.</summary>
public sealed class LocalAlarmServiceTests
{
    private const string Template = """
        Transform: AWS::Serverless-2016-10-31
        Resources:
          Sink:
            Type: AWS::Serverless::StateMachine
            Properties:
              Name: sink
              Definition:
                StartAt: Done
                States:
                  Done: {Type: Pass, End: true}
              Events:
                OnAlarm:
                  Type: EventBridgeRule
                  Properties:
                    Pattern:
                      source: [aws.cloudwatch]
                      detail-type: [CloudWatch Alarm State Change]
                      resources: [!GetAtt QueueAge.Arn]
                      detail:
                        state:
                          value: [ALARM]
          QueueAge:
            Type: AWS::CloudWatch::Alarm
            Properties:
              AlarmName: queue-age
              AlarmDescription: The oldest item waited too long.
              Namespace: test/Jobs
              MetricName: OldestAge
              Dimensions:
                - Name: Queue
                  Value: main
              Statistic: Maximum
              Period: 60
              EvaluationPeriods: 2
              DatapointsToAlarm: 2
              Threshold: 100
              ComparisonOperator: GreaterThanThreshold
        """;

    [Fact]
    public async Task EndpointAlarmMonitor_AlarmSetToAlarm_ReadsTheTemplatesAlarm()
    {
        await using var host = await TriggerRuntime.StartInlineAsync(Template);
        var monitor = host.Runtime.Hosting.AlarmMonitor!;

        var before = await monitor.GetAlarmStateAsync("queue-age", CancellationToken.None);
        await host.Runtime.Alarms.SetAlarmStateAsync("queue-age", "ALARM", "test");
        var after = await monitor.GetAlarmStateAsync("queue-age", CancellationToken.None);
        var unknown = await monitor.GetAlarmStateAsync("not-in-template", CancellationToken.None);

        // Blue/green updates of local endpoints roll back on the template's alarms.
        Assert.Equal("INSUFFICIENT_DATA", before);
        Assert.Equal("ALARM", after);
        Assert.Null(unknown);
    }

    [Fact]
    public async Task EvaluateAsync_NoData_StaysInsufficientData()
    {
        await using var host = await TriggerRuntime.StartInlineAsync(Template);

        var transitions = await host.Runtime.Alarms.EvaluateAsync();

        Assert.Empty(transitions);
        var state = Assert.Single(await host.Runtime.Alarms.GetStatesAsync());
        Assert.Equal(AlarmStates.InsufficientData, state.StateValue);
    }

    [Fact]
    public async Task EvaluateAsync_TwoBreachingPeriods_SendsAlarmEventToRuleTarget()
    {
        await using var host = await TriggerRuntime.StartInlineAsync(Template);
        await PutAsync(host, 150);
        host.Clock.Advance(TimeSpan.FromSeconds(60));
        await PutAsync(host, 160);
        host.Clock.Advance(TimeSpan.FromSeconds(60));

        var transition = Assert.Single(await host.Runtime.Alarms.EvaluateAsync());

        Assert.Equal(AlarmStates.InsufficientData, transition.PreviousState);
        Assert.Equal(AlarmStates.Alarm, transition.State);
        Assert.Contains("2 of the last 2 datapoints [160, 150] were greater than the threshold (100)", transition.Reason, StringComparison.Ordinal);
        var delivery = Assert.Single(transition.Deliveries).Delivery;
        var execution = await host.Runtime.StepFunctions.WaitForExecutionAsync(delivery.ExecutionArn!);
        var alarmEvent = JsonNode.Parse(execution.Input!)!.AsObject();
        Assert.Equal("CloudWatch Alarm State Change", (string?)alarmEvent["detail-type"]);
        Assert.Equal("arn:aws:cloudwatch:us-east-1:000000000000:alarm:queue-age", (string?)alarmEvent["resources"]![0]);
        Assert.Equal("queue-age", (string?)alarmEvent["detail"]!["alarmName"]);
        Assert.Equal("ALARM", (string?)alarmEvent["detail"]!["state"]!["value"]);
        Assert.Equal("INSUFFICIENT_DATA", (string?)alarmEvent["detail"]!["previousState"]!["value"]);
        Assert.Equal("main", (string?)alarmEvent["detail"]!["configuration"]!["metrics"]![0]!["metricStat"]!["metric"]!["dimensions"]!["Queue"]);
        Assert.Single(host.Logs.WithEventId(6721));
    }

    [Fact]
    public async Task EvaluateAsync_OneOfTwoPeriodsBreaching_GoesToOkWithoutEvent()
    {
        await using var host = await TriggerRuntime.StartInlineAsync(Template);
        await PutAsync(host, 150);
        host.Clock.Advance(TimeSpan.FromSeconds(60));
        await PutAsync(host, 40);
        host.Clock.Advance(TimeSpan.FromSeconds(60));

        var transition = Assert.Single(await host.Runtime.Alarms.EvaluateAsync());

        Assert.Equal(AlarmStates.Ok, transition.State);
        Assert.Empty(transition.Deliveries);
        Assert.Empty(await host.Runtime.StepFunctions.ListExecutionsAsync());
    }

    [Fact]
    public async Task EvaluateAsync_OtherDimensionValue_IsNotTheAlarmsMetric()
    {
        await using var host = await TriggerRuntime.StartInlineAsync(Template);
        await PutAsync(host, 150, queue: "other");

        Assert.Empty(await host.Runtime.Alarms.EvaluateAsync());
    }

    [Fact]
    public async Task SetAlarmState_ThroughApi_SendsEventAndDescribeShowsState()
    {
        await using var host = await TriggerRuntime.StartInlineAsync(Template);

        await host.Runtime.Services.InvokeAsync("monitoring", "SetAlarmState", new JsonObject { ["AlarmName"] = "queue-age", ["StateValue"] = "ALARM", ["StateReason"] = "testing the action" });
        var described = await host.Runtime.Services.InvokeAsync("monitoring", "DescribeAlarms", new JsonObject { ["AlarmNamePrefix"] = "queue" });

        var alarm = Assert.Single(described["MetricAlarms"]!.AsArray())!;
        Assert.Equal("ALARM", (string?)alarm["StateValue"]);
        Assert.Equal("testing the action", (string?)alarm["StateReason"]);
        Assert.Equal(60, (int?)alarm["Period"]);
        var execution = Assert.Single(await host.Runtime.StepFunctions.ListExecutionsAsync());
        Assert.Contains("testing the action", execution.Input, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetAlarmState_UnknownAlarmOrState_NamesValueAndFix()
    {
        await using var host = await TriggerRuntime.StartInlineAsync(Template);

        var unknown = await Assert.ThrowsAsync<AwsServiceException>(() => host.Runtime.Alarms.SetAlarmStateAsync("nope", "ALARM", "x"));
        var badState = await Assert.ThrowsAsync<AwsServiceException>(() => host.Runtime.Alarms.SetAlarmStateAsync("queue-age", "RED", "x"));

        Assert.Equal("The alarm nope does not exist. The alarms are: queue-age.", unknown.Message);
        Assert.Equal("The StateValue 'RED' is invalid. Use OK, ALARM or INSUFFICIENT_DATA.", badState.Message);
    }

    [Fact]
    public async Task PutMetricData_ReservedNamespace_IsRejected()
    {
        await using var host = await TriggerRuntime.StartInlineAsync(Template);

        var error = await Assert.ThrowsAsync<AwsServiceErrorException>(() => CloudWatchClientFor(host).PutMetricDataAsync(new PutMetricDataRequest
        {
            Namespace = "AWS/States",
            MetricData = [new MetricDatum { MetricName = "ExecutionTime", Value = 1 }],
        }));

        Assert.Equal("InvalidParameterValue", error.ErrorCode);
        Assert.Contains("AWS/", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutMetricAlarm_ThroughApi_IsEvaluatedAndReadByEndpointMonitor()
    {
        await using var host = await TriggerRuntime.StartInlineAsync(Template);

        await host.Runtime.Services.InvokeAsync("monitoring", "PutMetricAlarm", RollbackAlarm(threshold: 1));
        host.Runtime.Metrics.Record("AWS/SageMaker", EndpointDimensions("iris"), ("Invocation5XXErrors", 2, "None"));
        host.Runtime.Metrics.Record("AWS/SageMaker", EndpointDimensions("other"), ("Invocation5XXErrors", 9, "None"));
        host.Clock.Advance(TimeSpan.FromSeconds(60));
        var transitions = await host.Runtime.Alarms.EvaluateAsync();
        var described = await host.Runtime.Services.InvokeAsync("monitoring", "DescribeAlarms", new JsonObject { ["AlarmNames"] = new JsonArray("iris-5xx") });

        var transition = Assert.Single(transitions);
        Assert.Equal("iris-5xx", transition.Alarm.AlarmName);
        Assert.Equal(AlarmStates.Alarm, transition.State);
        Assert.Equal("ALARM", await host.Runtime.Hosting.AlarmMonitor!.GetAlarmStateAsync("iris-5xx", CancellationToken.None));
        var alarm = Assert.Single(described["MetricAlarms"]!.AsArray())!;
        Assert.Equal("arn:aws:cloudwatch:us-east-1:000000000000:alarm:iris-5xx", (string?)alarm["AlarmArn"]);
        Assert.Single(host.Logs.WithEventId(6726));
    }

    [Fact]
    public async Task PutMetricAlarm_ExistingName_ReplacesSettingsAndState()
    {
        await using var host = await TriggerRuntime.StartInlineAsync(Template);
        await host.Runtime.Alarms.PutMetricAlarmAsync(RollbackAlarm(threshold: 1));
        await host.Runtime.Alarms.SetAlarmStateAsync("iris-5xx", "ALARM", "test");

        await host.Runtime.Alarms.PutMetricAlarmAsync(RollbackAlarm(threshold: 5));

        // Locally a replaced alarm starts over: alarms are evaluated only under `pipeline up`, so a kept ALARM of an
        // earlier deployment would roll the next update back at once.
        var state = Assert.Single(await host.Runtime.Alarms.GetStatesAsync(), state => state.Alarm.AlarmName == "iris-5xx");
        Assert.Equal(AlarmStates.InsufficientData, state.StateValue);
        Assert.Equal(5, state.Alarm.Threshold);
        Assert.Equal(2, host.Runtime.Alarms.Alarms.Count);
    }

    [Fact]
    public async Task PutMetricAlarm_InvalidRequest_NamesParameter()
    {
        await using var host = await TriggerRuntime.StartInlineAsync(Template);
        var noThreshold = RollbackAlarm(threshold: 1);
        noThreshold.Remove("Threshold");
        var badOperator = RollbackAlarm(threshold: 1);
        badOperator["ComparisonOperator"] = "Above";

        var missing = await Assert.ThrowsAsync<AwsServiceException>(() => host.Runtime.Alarms.PutMetricAlarmAsync(noThreshold));
        var invalid = await Assert.ThrowsAsync<AwsServiceException>(() => host.Runtime.Alarms.PutMetricAlarmAsync(badOperator));

        Assert.Equal("MissingParameter", missing.ErrorCode);
        Assert.Equal("The parameter Threshold is required.", missing.Message);
        Assert.Equal("InvalidParameterValue", invalid.ErrorCode);
        Assert.Contains("The ComparisonOperator 'Above' is invalid", invalid.Message, StringComparison.Ordinal);
        Assert.Single(host.Runtime.Alarms.Alarms);
    }

    // The retraining state machine's PutRollbackAlarm state, through the aws-sdk integration of the local runtime.
    [Fact]
    public async Task PutMetricAlarm_FromStateMachineSdkTask_CreatesTheAlarm()
    {
        const string template = """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Alarmer:
                Type: AWS::Serverless::StateMachine
                Properties:
                  Name: alarmer
                  Definition:
                    StartAt: PutRollbackAlarm
                    States:
                      PutRollbackAlarm:
                        Type: Task
                        Resource: arn:aws:states:::aws-sdk:cloudwatch:putMetricAlarm
                        Parameters:
                          AlarmName.$: "States.Format('{}-invocation-5xx-errors', $.endpoint)"
                          Namespace: AWS/SageMaker
                          MetricName: Invocation5XXErrors
                          Dimensions:
                            - Name: EndpointName
                              Value.$: $.endpoint
                          Statistic: Sum
                          Period: 60
                          EvaluationPeriods: 1
                          Threshold.$: $.threshold
                          ComparisonOperator: GreaterThanOrEqualToThreshold
                          TreatMissingData: notBreaching
                        End: true
            """;
        await using var host = await TriggerRuntime.StartInlineAsync(template);

        var (arn, _) = await host.Runtime.StepFunctions.StartExecutionAsync("arn:aws:states:us-east-1:000000000000:stateMachine:alarmer", "put", """{ "endpoint": "iris", "threshold": 3 }""");
        var execution = await host.Runtime.StepFunctions.WaitForExecutionAsync(arn);

        Assert.True(execution.Status == "SUCCEEDED", execution.Cause);
        var alarm = Assert.Single(host.Runtime.Alarms.Alarms);
        Assert.Equal("iris-invocation-5xx-errors", alarm.AlarmName);
        Assert.Equal(3, alarm.Threshold);
        Assert.Equal("iris", alarm.Dimensions["EndpointName"]);
    }

    // `pipeline up` evaluates once a minute at an offset from its start: an error late in a minute must still reach
    // the alarm, at the first evaluation after that minute has ended.
    [Fact]
    public async Task EvaluateAsync_ErrorLateInPreviousMinute_GoesToAlarm()
    {
        await using var host = await TriggerRuntime.StartInlineAsync(Template);
        await host.Runtime.Alarms.PutMetricAlarmAsync(RollbackAlarm(threshold: 1));
        host.Clock.Advance(TimeSpan.FromSeconds(4));
        await host.Runtime.Alarms.EvaluateAsync();

        host.Clock.Advance(TimeSpan.FromSeconds(26));
        host.Runtime.Metrics.Record("AWS/SageMaker", EndpointDimensions("iris"), ("Invocation5XXErrors", 1, "None"));
        host.Clock.Advance(TimeSpan.FromSeconds(34));
        await host.Runtime.Alarms.EvaluateAsync();

        Assert.Equal(AlarmStates.Alarm, await host.Runtime.Alarms.GetAlarmStateAsync("iris-5xx"));
    }

    [Theory]
    [InlineData("Period", "60")]
    [InlineData("Threshold", "1e400")]
    [InlineData("Threshold", "\"1\"")]
    [InlineData("Dimensions", "{ \"EndpointName\": \"iris\" }")]
    [InlineData("ActionsEnabled", "\"yes\"")]
    [InlineData("AlarmName", "5")]
    public async Task PutMetricAlarm_MemberOfWrongType_IsInvalidParameter(string member, string json)
    {
        await using var host = await TriggerRuntime.StartInlineAsync(Template);
        var request = RollbackAlarm(threshold: 1);
        request[member] = member == "Period" ? JsonValue.Create("60") : JsonNode.Parse(json);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => host.Runtime.Alarms.PutMetricAlarmAsync(request));

        Assert.Equal("InvalidParameterValue", error.ErrorCode);
        Assert.Contains(member, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutMetricAlarm_WindowOverOneDay_IsRejected()
    {
        await using var host = await TriggerRuntime.StartInlineAsync(Template);
        var request = RollbackAlarm(threshold: 1);
        request["EvaluationPeriods"] = 1441;

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => host.Runtime.Alarms.PutMetricAlarmAsync(request));

        Assert.Contains("86400 seconds allowed", error.Message, StringComparison.Ordinal);
        Assert.Single(host.Runtime.Alarms.Alarms);
    }

    [Fact]
    public async Task GetMetricStatistics_RecordedEndpointErrors_SumsEachPeriod()
    {
        await using var host = await TriggerRuntime.StartInlineAsync(Template);
        var start = host.Clock.GetUtcNow();
        host.Clock.Advance(TimeSpan.FromSeconds(10));
        host.Runtime.Metrics.Record("AWS/SageMaker", EndpointDimensions("iris"), ("Invocation5XXErrors", 1, "None"));
        host.Runtime.Metrics.Record("AWS/SageMaker", EndpointDimensions("iris"), ("Invocation5XXErrors", 0, "None"));
        host.Runtime.Metrics.Record("AWS/SageMaker", EndpointDimensions("other"), ("Invocation5XXErrors", 7, "None"));
        host.Clock.Advance(TimeSpan.FromSeconds(60));
        host.Runtime.Metrics.Record("AWS/SageMaker", EndpointDimensions("iris"), ("Invocation5XXErrors", 1, "None"));

        var result = await host.Runtime.Services.InvokeAsync("monitoring", "GetMetricStatistics", new JsonObject
        {
            ["Namespace"] = "AWS/SageMaker",
            ["MetricName"] = "Invocation5XXErrors",
            ["Dimensions"] = new JsonArray(
                new JsonObject { ["Name"] = "EndpointName", ["Value"] = "iris" },
                new JsonObject { ["Name"] = "VariantName", ["Value"] = "AllTraffic" }),
            ["StartTime"] = start.ToUnixTimeSeconds(),
            ["EndTime"] = host.Clock.GetUtcNow().AddMinutes(1).ToUnixTimeSeconds(),
            ["Period"] = 60,
            ["Statistics"] = new JsonArray("Sum", "SampleCount"),
        });

        var datapoints = result["Datapoints"]!.AsArray();
        Assert.Equal("Invocation5XXErrors", (string?)result["Label"]);
        Assert.Equal([1.0, 1.0], datapoints.Select(point => (double)point!["Sum"]!));
        Assert.Equal([2.0, 1.0], datapoints.Select(point => (double)point!["SampleCount"]!));
        Assert.Equal(start.ToUnixTimeSeconds(), (long)datapoints[0]!["Timestamp"]!);
    }

    [Fact]
    public async Task GetMetricStatistics_InvalidPeriod_NamesValue()
    {
        await using var host = await TriggerRuntime.StartInlineAsync(Template);

        var request = new JsonObject
        {
            ["Namespace"] = "AWS/SageMaker",
            ["MetricName"] = "Invocations",
            ["StartTime"] = 0,
            ["EndTime"] = 600,
            ["Period"] = 45,
            ["Statistics"] = new JsonArray("Sum"),
        };

        var error = Assert.Throws<AwsServiceException>(() => host.Runtime.Metrics.GetMetricStatistics(request));

        Assert.Equal("InvalidParameterValue", error.ErrorCode);
        Assert.Contains("Period 45 is invalid", error.Message, StringComparison.Ordinal);
    }

    // The alarm the retraining state machine puts for an endpoint: any 5xx error of the model in a minute.
    private static JsonObject RollbackAlarm(double threshold) => new()
    {
        ["AlarmName"] = "iris-5xx",
        ["Namespace"] = "AWS/SageMaker",
        ["MetricName"] = "Invocation5XXErrors",
        ["Dimensions"] = new JsonArray(
            new JsonObject { ["Name"] = "EndpointName", ["Value"] = "iris" },
            new JsonObject { ["Name"] = "VariantName", ["Value"] = "AllTraffic" }),
        ["Statistic"] = "Sum",
        ["Period"] = 60,
        ["EvaluationPeriods"] = 1,
        ["Threshold"] = threshold,
        ["ComparisonOperator"] = "GreaterThanOrEqualToThreshold",
        ["TreatMissingData"] = "notBreaching",
    };

    private static Dictionary<string, string> EndpointDimensions(string endpoint) =>
        new(StringComparer.Ordinal) { ["EndpointName"] = endpoint, ["VariantName"] = "AllTraffic" };

    /// <summary>Puts a data point at the fake clock's time through the CloudWatch client and the HTTP host.</summary>
    private static Task PutAsync(TriggerRuntime host, double value, string queue = "main") =>
        CloudWatchClientFor(host).PutMetricDataAsync(new PutMetricDataRequest
        {
            Namespace = "test/Jobs",
            MetricData = [new MetricDatum { MetricName = "OldestAge", Value = value, Unit = StandardUnit.Seconds, Timestamp = host.Clock.GetUtcNow(), Dimensions = [new Dimension { Name = "Queue", Value = queue }] }],
        });

    private static CloudWatchClient CloudWatchClientFor(TriggerRuntime host) =>
        new(AwsJsonClient.Create(AwsService.CloudWatch, new AwsEnvironment(new Dictionary<string, string?> { ["AWS_ENDPOINT_URL"] = host.Runtime.Endpoint.ToString() })));
}
