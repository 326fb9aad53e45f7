using System.Collections.Concurrent;
using System.Text;
using Pipeline.Local.SageMaker.Hosting;
using Pipeline.Local.Services;

namespace Pipeline.Local.Tests.SageMaker.Hosting;

public sealed class BlueGreenUpdateTests : IAsyncDisposable
{
    private readonly FakeAlarmMonitor _alarms = new();
    private readonly HostingFixture _fixture;
    private readonly ConcurrentDictionary<double, TaskCompletionSource> _shifts = new();

    public BlueGreenUpdateTests()
    {
        _fixture = new HostingFixture(seed: 5, alarms: _alarms);
        _fixture.Service.TrafficShifted += (_, share) => ShiftSignal(share).TrySetResult();
    }

    public ValueTask DisposeAsync() => _fixture.DisposeAsync();

    [Fact]
    public async Task UpdateEndpoint_Canary_ShiftsShareThenAllAfterWaits()
    {
        await PrepareAsync();

        await UpdateAsync("""
            "BlueGreenUpdatePolicy": {
              "TrafficRoutingConfiguration": { "Type": "CANARY", "WaitIntervalInSeconds": 60, "CanarySize": { "Type": "CAPACITY_PERCENT", "Value": 20 } },
              "TerminationWaitInSeconds": 30
            }
            """);
        await ShiftSignal(0.2).Task;
        var canaryShare = await GreenShareAsync(2000);
        var duringCanary = await _fixture.CallAsync("DescribeEndpoint", """{ "EndpointName": "iris" }""");
        _fixture.Time.Advance(TimeSpan.FromSeconds(60));
        await ShiftSignal(1.0).Task;
        var fullShare = await GreenShareAsync(200);
        var beforeTermination = await _fixture.CallAsync("DescribeEndpoint", """{ "EndpointName": "iris" }""");
        var blueReleasedBeforeTermination = _fixture.Loader.Loaded.Single(m => m.Label == "model-a").Disposed;
        _fixture.Time.Advance(TimeSpan.FromSeconds(90));
        var done = await _fixture.Service.WaitForEndpointAsync("iris");

        Assert.InRange(canaryShare, 0.16, 0.24);
        Assert.Equal("Updating", (string?)duringCanary["EndpointStatus"]);
        Assert.Equal("CANARY", (string?)duringCanary["LastDeploymentConfig"]!["BlueGreenUpdatePolicy"]!["TrafficRoutingConfiguration"]!["Type"]);
        Assert.Equal(1.0, fullShare);
        Assert.Equal("Updating", (string?)beforeTermination["EndpointStatus"]);
        Assert.False(blueReleasedBeforeTermination);
        Assert.Equal("InService", (string?)done["EndpointStatus"]);
        Assert.Equal("config-b", (string?)done["EndpointConfigName"]);
        Assert.True(_fixture.Loader.Loaded.Single(m => m.Label == "model-a").Disposed);
    }

    [Fact]
    public async Task UpdateEndpoint_LinearWithAlarm_RollsBackToOldConfig()
    {
        await PrepareAsync();

        await UpdateAsync("""
            "BlueGreenUpdatePolicy": {
              "TrafficRoutingConfiguration": { "Type": "LINEAR", "WaitIntervalInSeconds": 10, "LinearStepSize": { "Type": "CAPACITY_PERCENT", "Value": 50 } }
            },
            "AutoRollbackConfiguration": { "Alarms": [ { "AlarmName": "iris-5xx" } ] }
            """);
        await ShiftSignal(0.5).Task;
        _alarms.States["iris-5xx"] = "ALARM";
        var result = await AdvanceUntilSettledAsync(_fixture.Service.WaitForEndpointAsync("iris"));
        var shareAfter = await GreenShareAsync(200);

        Assert.Equal("InService", (string?)result["EndpointStatus"]);
        Assert.Equal("config-a", (string?)result["EndpointConfigName"]);
        Assert.Contains("iris-5xx went into ALARM", (string?)result["FailureReason"], StringComparison.Ordinal);
        Assert.Equal(0.0, shareAfter);
        Assert.True(_fixture.Loader.Loaded.Single(m => m.Label == "model-b").Disposed);
        Assert.False(_fixture.Loader.Loaded.Single(m => m.Label == "model-a").Disposed);
        Assert.False(_shifts.ContainsKey(1.0));
    }

    [Fact]
    public async Task UpdateEndpoint_AlarmMonitorFails_RollsBackWithItsMessage()
    {
        await PrepareAsync();
        _alarms.Failure = "CloudWatch is unreachable";

        await UpdateAsync("""
            "BlueGreenUpdatePolicy": { "TrafficRoutingConfiguration": { "Type": "ALL_AT_ONCE", "WaitIntervalInSeconds": 0 } },
            "AutoRollbackConfiguration": { "Alarms": [ { "AlarmName": "iris-5xx" } ] }
            """);
        var result = await _fixture.Service.WaitForEndpointAsync("iris");
        var shareAfter = await GreenShareAsync(100);

        Assert.Equal("InService", (string?)result["EndpointStatus"]);
        Assert.Equal("config-a", (string?)result["EndpointConfigName"]);
        Assert.Equal("CloudWatch is unreachable", (string?)result["FailureReason"]);
        Assert.Equal(0.0, shareAfter);
        Assert.True(_fixture.Loader.Loaded.Single(m => m.Label == "model-b").Disposed);
    }

    [Fact]
    public async Task UpdateEndpoint_PastMaximumExecutionTimeout_RollsBack()
    {
        await PrepareAsync();

        await UpdateAsync("""
            "BlueGreenUpdatePolicy": {
              "TrafficRoutingConfiguration": { "Type": "CANARY", "WaitIntervalInSeconds": 3600, "CanarySize": { "Type": "INSTANCE_COUNT", "Value": 1 } },
              "MaximumExecutionTimeoutInSeconds": 600
            }
            """);
        await ShiftSignal(1.0).Task;
        _fixture.Time.Advance(TimeSpan.FromSeconds(601));
        var result = await _fixture.Service.WaitForEndpointAsync("iris");

        Assert.Equal("config-a", (string?)result["EndpointConfigName"]);
        Assert.Contains("MaximumExecutionTimeoutInSeconds (600)", (string?)result["FailureReason"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteEndpoint_DuringTrafficShift_ReleasesBothFleets()
    {
        await PrepareAsync();
        await UpdateAsync("""
            "BlueGreenUpdatePolicy": { "TrafficRoutingConfiguration": { "Type": "ALL_AT_ONCE", "WaitIntervalInSeconds": 300 } }
            """);
        await ShiftSignal(1.0).Task;

        await _fixture.CallAsync("DeleteEndpoint", """{ "EndpointName": "iris" }""");

        Assert.All(_fixture.Loader.Loaded, model => Assert.True(model.Disposed));
    }

    [Fact]
    public async Task UpdateEndpoint_CanaryWithoutSize_ThrowsValidation()
    {
        await PrepareAsync();

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => UpdateAsync("""
            "BlueGreenUpdatePolicy": { "TrafficRoutingConfiguration": { "Type": "CANARY", "WaitIntervalInSeconds": 60 } }
            """));

        Assert.Equal("ValidationException", error.ErrorCode);
        Assert.Contains("CanarySize", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateEndpoint_RollingUpdatePolicy_ThrowsValidation()
    {
        await PrepareAsync();

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => UpdateAsync("""
            "RollingUpdatePolicy": { "MaximumBatchSize": { "Type": "INSTANCE_COUNT", "Value": 1 }, "WaitIntervalInSeconds": 60 }
            """));

        Assert.Contains("BlueGreenUpdatePolicy", error.Message, StringComparison.Ordinal);
    }

    // Advances the clock a second at a time until the update settles. One advance right after a traffic shift can
    // come before the update has started its next one-second wait, which would then never end.
    private async Task<System.Text.Json.Nodes.JsonObject> AdvanceUntilSettledAsync(Task<System.Text.Json.Nodes.JsonObject> settled)
    {
        for (var second = 0; second < 600 && !settled.IsCompleted; second++)
        {
            _fixture.Time.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(settled, Task.Delay(TimeSpan.FromMilliseconds(20)));
        }

        return await settled;
    }

    private TaskCompletionSource ShiftSignal(double share) =>
        _shifts.GetOrAdd(share, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    private async Task PrepareAsync()
    {
        await _fixture.CreateModelAsync("model-a");
        await _fixture.CreateModelAsync("model-b");
        await _fixture.CreateConfigAsync("config-a", ("AllTraffic", "model-a", 1.0));
        await _fixture.CreateConfigAsync("config-b", ("AllTraffic", "model-b", 1.0));
        await _fixture.CallAsync("CreateEndpoint", """{ "EndpointName": "iris", "EndpointConfigName": "config-a" }""");
        await _fixture.Service.WaitForEndpointAsync("iris");
    }

    private Task<System.Text.Json.Nodes.JsonObject> UpdateAsync(string deploymentConfigMembers) =>
        _fixture.CallAsync("UpdateEndpoint", $$"""
            { "EndpointName": "iris", "EndpointConfigName": "config-b", "DeploymentConfig": { {{deploymentConfigMembers}} } }
            """);

    private async Task<double> GreenShareAsync(int requests)
    {
        var green = 0;
        for (var i = 0; i < requests; i++)
        {
            var invocation = await _fixture.Service.InvokeEndpointAsync("iris", "text/csv", null, null, Encoding.UTF8.GetBytes("1"));
            if (Encoding.UTF8.GetString(invocation.Response.Body).StartsWith("model-b", StringComparison.Ordinal))
            {
                green++;
            }
        }

        return (double)green / requests;
    }

    private sealed class FakeAlarmMonitor : IEndpointAlarmMonitor
    {
        public ConcurrentDictionary<string, string> States { get; } = new(StringComparer.Ordinal);

        public string? Failure { get; set; }

        public Task<string?> GetAlarmStateAsync(string alarmName, CancellationToken cancellationToken) =>
            Failure is not null
                ? throw new InvalidOperationException(Failure)
                : Task.FromResult<string?>(States.TryGetValue(alarmName, out var state) ? state : "OK");
    }
}
