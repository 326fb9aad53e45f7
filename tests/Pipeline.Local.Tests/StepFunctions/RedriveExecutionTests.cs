using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Pipeline.Local.Persistence;
using Pipeline.Local.Services;
using Pipeline.Local.StepFunctions;
using Pipeline.Local.Template;
using Pipeline.StateMachines;

namespace Pipeline.Local.Tests.StepFunctions;

public sealed class RedriveExecutionTests : IAsyncLifetime
{
    private const string MachineArn = "arn:aws:states:us-east-1:000000000000:stateMachine:flaky";
    private const string ExpressArn = "arn:aws:states:us-east-1:000000000000:stateMachine:flaky-express";

    // First always succeeds; Second fails the first time it runs in each execution and succeeds after that.
    private const string Definition = """
        {"StartAt":"First","States":{
          "First":{"Type":"Task","Resource":"arn:aws:states:::test:first","Next":"Second"},
          "Second":{"Type":"Task","Resource":"arn:aws:states:::test:second","End":true}}}
        """;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"sfn-redrive-{Guid.NewGuid():N}");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 5, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly LocalServiceRegistry _registry = new();
    private readonly FlakyTasks _tasks = new();
    private StateDatabase _database = null!;
    private StepFunctionsService _service = null!;

    public Task InitializeAsync()
    {
        _database = new StateDatabase(Path.Combine(_folder, "state.db"));
        _service = new StepFunctionsService(_database, _tasks, new DeploymentEnvironment(), _time, NullLoggerFactory.Instance);
        _service.AddStateMachine(new StateMachineResource("Flaky", "flaky", MachineArn, Definition, null, "STANDARD"));
        _service.AddStateMachine(new StateMachineResource("FlakyExpress", "flaky-express", ExpressArn, Definition, null, "EXPRESS"));
        _service.Register(_registry);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _service.DisposeAsync();
        _database.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private async Task<string> RunToEndAsync(string machineArn, string name)
    {
        var (arn, _) = await _service.StartExecutionAsync(machineArn, name, """{"n":1}""");
        await _service.WaitForExecutionAsync(arn);
        return arn;
    }

    private Task<JsonObject> CallAsync(string operation, string executionArn) =>
        _registry.InvokeAsync("states", operation, new JsonObject { ["executionArn"] = executionArn });

    [Fact]
    public async Task RedriveExecution_FailedTask_ResumesFromFailedState()
    {
        var arn = await RunToEndAsync(MachineArn, "run-1");
        Assert.Equal("FAILED", (await _service.GetExecutionAsync(arn))!.Status);

        var response = await CallAsync("RedriveExecution", arn);
        var record = await _service.WaitForExecutionAsync(arn);

        Assert.Equal(_time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0, response["redriveDate"]!.GetValue<double>(), 3);
        Assert.Equal("SUCCEEDED", record.Status);
        Assert.Null(record.Error);
        Assert.Equal(1, _tasks.Calls(arn, "First"));
        Assert.Equal(2, _tasks.Calls(arn, "Second"));
        var history = await _service.GetHistoryAsync(arn);
        Assert.Single(history, e => e.Type == "ExecutionRedriven");
        Assert.Equal("ExecutionSucceeded", history[^1].Type);
        Assert.Equal(Enumerable.Range(1, history.Count).Select(i => (long)i), history.Select(e => e.Id));
    }

    [Fact]
    public async Task DescribeExecution_Failed_ReportsRedrivable()
    {
        var arn = await RunToEndAsync(MachineArn, "run-2");

        var described = await CallAsync("DescribeExecution", arn);

        Assert.Equal("REDRIVABLE", described["redriveStatus"]!.GetValue<string>());
        Assert.Equal(0, described["redriveCount"]!.GetValue<int>());
        Assert.Null(described["redriveDate"]);
        Assert.Null(described["redriveStatusReason"]);
    }

    [Fact]
    public async Task DescribeExecution_AfterRedrive_CountsRedrives()
    {
        var arn = await RunToEndAsync(MachineArn, "run-3");
        await CallAsync("RedriveExecution", arn);
        await _service.WaitForExecutionAsync(arn);

        var described = await CallAsync("DescribeExecution", arn);

        Assert.Equal(1, described["redriveCount"]!.GetValue<int>());
        Assert.NotNull(described["redriveDate"]);
        Assert.Equal("NOT_REDRIVABLE", described["redriveStatus"]!.GetValue<string>());
        Assert.Equal("Execution is SUCCEEDED and cannot be redriven.", described["redriveStatusReason"]!.GetValue<string>());
    }

    [Fact]
    public async Task RedriveExecution_Succeeded_RaisesExecutionNotRedrivable()
    {
        var arn = await RunToEndAsync(MachineArn, "run-4");
        await CallAsync("RedriveExecution", arn);
        await _service.WaitForExecutionAsync(arn);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => CallAsync("RedriveExecution", arn));

        Assert.Equal("ExecutionNotRedrivable", error.ErrorCode);
        Assert.Contains("SUCCEEDED", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RedriveExecution_ExpressMachine_RaisesExecutionNotRedrivable()
    {
        var arn = await RunToEndAsync(ExpressArn, "run-5");

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => CallAsync("RedriveExecution", arn));

        Assert.Equal("ExecutionNotRedrivable", error.ErrorCode);
        Assert.Contains("EXPRESS", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RedriveExecution_After14Days_RaisesExecutionNotRedrivable()
    {
        var arn = await RunToEndAsync(MachineArn, "run-6");
        _time.Advance(TimeSpan.FromDays(14) + TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => CallAsync("RedriveExecution", arn));

        Assert.Equal("ExecutionNotRedrivable", error.ErrorCode);
        Assert.Contains("redrivable period exceeded", error.Message, StringComparison.Ordinal);
        Assert.Equal("FAILED", (await _service.GetExecutionAsync(arn))!.Status);
    }

    [Fact]
    public async Task RedriveExecution_UnknownExecution_RaisesExecutionDoesNotExist()
    {
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => CallAsync("RedriveExecution", MachineArn.Replace(":stateMachine:", ":execution:", StringComparison.Ordinal) + ":missing"));

        Assert.Equal("ExecutionDoesNotExist", error.ErrorCode);
    }

    [Fact]
    public async Task RedriveExecution_MissingArn_RaisesValidationException()
    {
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _registry.InvokeAsync("states", "RedriveExecution", []));

        Assert.Equal("ValidationException", error.ErrorCode);
    }

    /// <summary>Counts calls per execution and state; Second fails on its first call in each execution.</summary>
    private sealed class FlakyTasks : ITaskResourceHandler
    {
        private readonly ConcurrentDictionary<(string, string), int> _calls = new();

        public int Calls(string executionArn, string state) => _calls.GetValueOrDefault((executionArn, state));

        public Task<JsonNode?> InvokeAsync(TaskRequest request, CancellationToken cancellationToken)
        {
            var count = _calls.AddOrUpdate((request.ExecutionArn, request.StateName), 1, (_, n) => n + 1);
            if (request.StateName == "Second" && count == 1)
            {
                throw new TaskFailedException("Flaky.Error", "the first call fails");
            }

            return Task.FromResult<JsonNode?>(new JsonObject { ["state"] = request.StateName, ["call"] = count });
        }
    }
}
