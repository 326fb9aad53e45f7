using System.Text.Json.Nodes;

namespace Pipeline.Local.Tests.Triggers;

/// <summary>The scheduler on a fake clock, firing a Pass state machine so each firing leaves an execution to read.</summary>
public sealed class LocalSchedulerTests
{
    private const string Template = """
        Transform: AWS::Serverless-2016-10-31
        Resources:
          Target:
            Type: AWS::Serverless::StateMachine
            Properties:
              Name: target
              Definition:
                StartAt: Done
                States:
                  Done: {Type: Pass, End: true}
              Events:
                Every5:
                  Type: Schedule
                  Properties:
                    Schedule: rate(5 minutes)
                Nightly:
                  Type: ScheduleV2
                  Properties:
                    ScheduleExpression: cron(0 2 * * ? *)
                    Input: '{"scheduledTime": "<aws.scheduler.scheduled-time>", "schedule": "<aws.scheduler.schedule-arn>"}'
                Off:
                  Type: Schedule
                  Properties:
                    Schedule: rate(1 minute)
                    Enabled: false
        """;

    [Fact]
    public async Task RunDueAsync_RateDue_StartsTargetWithScheduledEvent()
    {
        await using var host = await TriggerRuntime.StartInlineAsync(Template);

        var early = await host.Runtime.Schedules.RunDueAsync();
        host.Clock.Advance(TimeSpan.FromMinutes(5));
        var firings = await host.Runtime.Schedules.RunDueAsync();

        Assert.Empty(early);
        var firing = Assert.Single(firings);
        Assert.Equal("ml-pipeline-TargetEvery5", firing.Schedule.Name);
        Assert.Equal(TriggerRuntime.StartTime.AddMinutes(5), firing.ScheduledTime);
        Assert.True(firing.Delivery.Succeeded, firing.Delivery.Error);
        var input = await InputOfAsync(host, firing.Delivery.ExecutionArn!);
        Assert.Equal("Scheduled Event", (string?)input["detail-type"]);
        Assert.Equal("aws.events", (string?)input["source"]);
        Assert.Equal("2026-05-01T08:05:00Z", (string?)input["time"]);
        Assert.Equal("arn:aws:events:us-east-1:000000000000:rule/ml-pipeline-TargetEvery5", (string?)input["resources"]![0]);
        Assert.Equal("000000000000", (string?)input["account"]);
    }

    [Fact]
    public async Task RunDueAsync_ManyMissedOccurrences_FiresOnceForLatest()
    {
        await using var host = await TriggerRuntime.StartInlineAsync(Template);

        host.Clock.Advance(TimeSpan.FromMinutes(23));
        var firings = await host.Runtime.Schedules.RunDueAsync();

        var firing = Assert.Single(firings);
        Assert.Equal(TriggerRuntime.StartTime.AddMinutes(20), firing.ScheduledTime);
        var state = host.Runtime.Schedules.States.Single(s => s.Schedule.Name == "ml-pipeline-TargetEvery5");
        Assert.Equal(TriggerRuntime.StartTime.AddMinutes(25), state.NextFireTime);
        Assert.Equal(TriggerRuntime.StartTime.AddMinutes(20), state.LastFireTime);
        Assert.Equal("succeeded", state.LastResult);
    }

    [Fact]
    public async Task RunDueAsync_SchedulerSchedule_ReplacesContextAttributes()
    {
        await using var host = await TriggerRuntime.StartInlineAsync(Template);

        host.Clock.Advance(TimeSpan.FromHours(18));
        var firings = await host.Runtime.Schedules.RunDueAsync();

        var nightly = Assert.Single(firings, f => f.Schedule.Name == "ml-pipeline-TargetNightly");
        Assert.Equal(new DateTimeOffset(2026, 5, 2, 2, 0, 0, TimeSpan.Zero), nightly.ScheduledTime);
        var input = await InputOfAsync(host, nightly.Delivery.ExecutionArn!);
        Assert.Equal("2026-05-02T02:00:00Z", (string?)input["scheduledTime"]);
        Assert.Equal("arn:aws:scheduler:us-east-1:000000000000:schedule/default/ml-pipeline-TargetNightly", (string?)input["schedule"]);
    }

    [Fact]
    public async Task RunDueAsync_DisabledSchedule_NeverFires()
    {
        await using var host = await TriggerRuntime.StartInlineAsync(Template);

        host.Clock.Advance(TimeSpan.FromMinutes(3));
        var firings = await host.Runtime.Schedules.RunDueAsync();

        Assert.DoesNotContain(firings, f => f.Schedule.Name == "ml-pipeline-TargetOff");
        var off = host.Runtime.Schedules.States.Single(s => s.Schedule.Name == "ml-pipeline-TargetOff");
        Assert.False(off.Schedule.Enabled);
        Assert.Null(off.NextFireTime);
    }

    [Fact]
    public async Task Restart_RateSchedule_KeepsItsRhythm()
    {
        await using var host = await TriggerRuntime.StartInlineAsync(Template);

        host.Clock.Advance(TimeSpan.FromMinutes(2));
        await host.RestartAsync();

        var state = host.Runtime.Schedules.States.Single(s => s.Schedule.Name == "ml-pipeline-TargetEvery5");
        Assert.Equal(TriggerRuntime.StartTime, state.Start);
        Assert.Equal(TriggerRuntime.StartTime.AddMinutes(5), state.NextFireTime);
    }

    [Fact]
    public async Task StartTriggers_ClockAdvances_FiresInBackground()
    {
        await using var host = await TriggerRuntime.StartInlineAsync(Template);
        var fired = new TaskCompletionSource<Pipeline.Local.EventBridge.ScheduleFiring>(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Runtime.Schedules.Fired += firing => fired.TrySetResult(firing);

        host.Runtime.StartTriggers();
        host.Clock.Advance(TimeSpan.FromMinutes(5));
        var firing = await fired.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("ml-pipeline-TargetEvery5", firing.Schedule.Name);
        Assert.Equal(TriggerRuntime.StartTime.AddMinutes(5), firing.ScheduledTime);
        Assert.NotNull(await host.Runtime.StepFunctions.GetExecutionAsync(firing.Delivery.ExecutionArn!));
        Assert.NotEmpty(host.Logs.WithEventId(6700));
    }

    private static async Task<JsonObject> InputOfAsync(TriggerRuntime host, string executionArn)
    {
        var execution = await host.Runtime.StepFunctions.WaitForExecutionAsync(executionArn);
        return JsonNode.Parse(execution.Input!)!.AsObject();
    }
}
