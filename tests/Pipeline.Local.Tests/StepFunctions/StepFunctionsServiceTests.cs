using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Local.Persistence;
using Pipeline.Local.Services;
using Pipeline.Local.StepFunctions;
using Pipeline.Local.Template;
using Pipeline.StateMachines;

namespace Pipeline.Local.Tests.StepFunctions;

public sealed class StepFunctionsServiceTests : IAsyncLifetime
{
    private const string MachineArn = "arn:aws:states:us-east-1:000000000000:stateMachine:test";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"sfn-{Guid.NewGuid():N}");
    private StateDatabase _database = null!;
    private StepFunctionsService _service = null!;
    private readonly LocalServiceRegistry _registry = new();

    public Task InitializeAsync()
    {
        _database = new StateDatabase(Path.Combine(_folder, "state.db"));
        _service = CreateService(_database);
        _service.Register(_registry);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _service.DisposeAsync();
        _database.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private static StepFunctionsService CreateService(StateDatabase database)
    {
        var service = new StepFunctionsService(database, new EchoTasks(), new DeploymentEnvironment(), TimeProvider.System, NullLoggerFactory.Instance);
        service.AddStateMachine(new StateMachineResource("Test", "test", MachineArn, """
            {"StartAt":"Echo","States":{"Echo":{"Type":"Task","Resource":"arn:aws:states:::test:echo","Next":"Done"},"Done":{"Type":"Succeed"}}}
            """, null, "STANDARD"));
        return service;
    }

    [Fact]
    public async Task StartExecution_Completes_RecordsOutputAndHistory()
    {
        var (arn, _) = await _service.StartExecutionAsync(MachineArn, "run-1", """{"value":7}""");

        var record = await _service.WaitForExecutionAsync(arn);

        Assert.Equal("SUCCEEDED", record.Status);
        Assert.Equal(7, JsonNode.Parse(record.Output!)!["value"]!.GetValue<int>());
        var history = await _service.GetHistoryAsync(arn);
        Assert.Equal("ExecutionStarted", history[0].Type);
        Assert.Equal("ExecutionSucceeded", history[^1].Type);
    }

    [Fact]
    public async Task StartExecution_SameNameDifferentInput_RaisesExecutionAlreadyExists()
    {
        var (arn, _) = await _service.StartExecutionAsync(MachineArn, "run-2", """{"value":1}""");
        await _service.WaitForExecutionAsync(arn);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _service.StartExecutionAsync(MachineArn, "run-2", """{"value":2}"""));

        Assert.Equal("ExecutionAlreadyExists", error.ErrorCode);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("slash/name")]
    [InlineData("")]
    public async Task StartExecution_InvalidName_RaisesInvalidName(string name)
    {
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _service.StartExecutionAsync(MachineArn, name, "{}"));

        Assert.Equal("InvalidName", error.ErrorCode);
    }

    [Fact]
    public async Task StartExecution_InputNotJson_RaisesInvalidExecutionInput()
    {
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _service.StartExecutionAsync(MachineArn, "bad-input", "{not json"));

        Assert.Equal("InvalidExecutionInput", error.ErrorCode);
    }

    [Fact]
    public async Task StartExecution_InputOver256KiB_RaisesValidationException()
    {
        var input = new JsonObject { ["blob"] = new string('x', StepFunctionsService.MaxPayloadBytes) }.ToJsonString();

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _service.StartExecutionAsync(MachineArn, "too-big", input));

        Assert.Equal("ValidationException", error.ErrorCode);
    }

    [Fact]
    public async Task StartExecution_UnknownStateMachine_RaisesStateMachineDoesNotExist()
    {
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _service.StartExecutionAsync(MachineArn + "-other", "x", "{}"));

        Assert.Equal("StateMachineDoesNotExist", error.ErrorCode);
    }

    [Fact]
    public async Task DescribeExecution_ThroughRegistry_ReturnsApiShape()
    {
        var (arn, _) = await _service.StartExecutionAsync(MachineArn, "run-3", "{}");
        await _service.WaitForExecutionAsync(arn);

        var response = await _registry.InvokeAsync("states", "DescribeExecution", new JsonObject { ["executionArn"] = arn });

        Assert.Equal("SUCCEEDED", response["status"]!.GetValue<string>());
        Assert.Equal(MachineArn, response["stateMachineArn"]!.GetValue<string>());
        Assert.True(response["startDate"]!.GetValue<double>() > 1_600_000_000);
    }

    [Fact]
    public async Task GetExecutionHistory_Reverse_StartsWithLastEvent()
    {
        var (arn, _) = await _service.StartExecutionAsync(MachineArn, "run-4", "{}");
        await _service.WaitForExecutionAsync(arn);

        var response = await _registry.InvokeAsync("states", "GetExecutionHistory", new JsonObject { ["executionArn"] = arn, ["reverseOrder"] = true, ["maxResults"] = 2 });

        var events = response["events"]!.AsArray();
        Assert.Equal(2, events.Count);
        Assert.Equal("ExecutionSucceeded", events[0]!["type"]!.GetValue<string>());
        Assert.NotNull(response["nextToken"]);
    }

    [Fact]
    public async Task RecoverAsync_RunningExecutionOfEndedProcess_IsAborted()
    {
        await using (var connection = await _database.OpenAsync())
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "INSERT INTO executions (execution_arn, state_machine_arn, name, status, start_date) VALUES ('arn:orphan', $m, 'orphan', 'RUNNING', '2026-01-01T00:00:00.0000000Z')";
            command.Parameters.AddWithValue("$m", MachineArn);
            await command.ExecuteNonQueryAsync();
        }

        var recovered = await _service.RecoverAsync();

        Assert.Equal(1, recovered);
        var record = await _service.GetExecutionAsync("arn:orphan");
        Assert.Equal("ABORTED", record!.Status);
    }

    [Fact]
    public async Task RecoverAsync_AnotherRuntimeAlive_LeavesExecutionRunning()
    {
        await using (var connection = await _database.OpenAsync())
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "INSERT INTO executions (execution_arn, state_machine_arn, name, status, start_date) VALUES ('arn:other', $m, 'other', 'RUNNING', '2026-01-01T00:00:00.0000000Z')";
            command.Parameters.AddWithValue("$m", MachineArn);
            await command.ExecuteNonQueryAsync();
        }

        var recovered = await _service.RecoverAsync(otherRuntimesAlive: true);

        Assert.Equal(0, recovered);
        Assert.Equal("RUNNING", (await _service.GetExecutionAsync("arn:other"))!.Status);
    }

    [Fact]
    public void AddStateMachine_InvalidDefinition_NamesTheProblem()
    {
        var error = Assert.Throws<TemplateException>(() => _service.AddStateMachine(
            new StateMachineResource("Broken", "broken", MachineArn + "-broken", """{"StartAt":"Missing","States":{"A":{"Type":"Succeed"}}}""", null, "STANDARD")));

        Assert.Contains("Broken", error.Message, StringComparison.Ordinal);
        Assert.Contains("Missing", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Returns each task's parameters, or its input when it has none.</summary>
    private sealed class EchoTasks : ITaskResourceHandler
    {
        public Task<JsonNode?> InvokeAsync(TaskRequest request, CancellationToken cancellationToken) =>
            Task.FromResult(request.Parameters?.DeepClone() ?? request.Context["State"]?.DeepClone() ?? JsonNode.Parse("{}"));
    }
}
