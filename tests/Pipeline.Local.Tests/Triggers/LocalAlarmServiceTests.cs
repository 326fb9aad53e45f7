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

        Assert.Equal("The alarm nope does not exist. The alarms of the template are: queue-age.", unknown.Message);
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
