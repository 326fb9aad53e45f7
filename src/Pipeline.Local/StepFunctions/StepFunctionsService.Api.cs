using System.Globalization;
using System.Text.Json.Nodes;
using Pipeline.Local.Services;

namespace Pipeline.Local.StepFunctions;

/// <summary>The Step Functions API operations, in the JSON shapes of the AWS API reference.</summary>
public sealed partial class StepFunctionsService
{
    public void Register(LocalServiceRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.Register("states", "StartExecution", async (request, cancellationToken) =>
        {
            var (arn, start) = await StartExecutionAsync(
                Required(request, "stateMachineArn"),
                request["name"]?.GetValue<string>(),
                request["input"]?.GetValue<string>(),
                cancellationToken).ConfigureAwait(false);
            return new JsonObject { ["executionArn"] = arn, ["startDate"] = EpochSeconds(start) };
        });
        registry.Register("states", "DescribeExecution", async (request, cancellationToken) =>
        {
            var record = await GetExecutionAsync(Required(request, "executionArn"), cancellationToken).ConfigureAwait(false)
                ?? throw new AwsServiceException("ExecutionDoesNotExist", $"Execution Does Not Exist: '{request["executionArn"]}'");
            return await DescribeWithRedriveAsync(record, cancellationToken).ConfigureAwait(false);
        });
        registry.Register("states", "ListExecutions", async (request, cancellationToken) =>
        {
            var records = await ListExecutionsAsync(
                request["stateMachineArn"]?.GetValue<string>(),
                request["statusFilter"]?.GetValue<string>(),
                cancellationToken).ConfigureAwait(false);
            var (page, nextToken) = Page(records, request);
            return new JsonObject
            {
                ["executions"] = new JsonArray(page.Select(r => (JsonNode?)new JsonObject
                {
                    ["executionArn"] = r.ExecutionArn,
                    ["stateMachineArn"] = r.StateMachineArn,
                    ["name"] = r.Name,
                    ["status"] = r.Status,
                    ["startDate"] = EpochSeconds(r.StartDate),
                    ["stopDate"] = r.StopDate is { } stop ? EpochSeconds(stop) : null,
                }).ToArray()),
                ["nextToken"] = nextToken,
            };
        });
        registry.Register("states", "GetExecutionHistory", async (request, cancellationToken) =>
        {
            var arn = Required(request, "executionArn");
            _ = await GetExecutionAsync(arn, cancellationToken).ConfigureAwait(false)
                ?? throw new AwsServiceException("ExecutionDoesNotExist", $"Execution Does Not Exist: '{arn}'");
            IEnumerable<JsonObject> events = (await GetHistoryAsync(arn, cancellationToken).ConfigureAwait(false)).Select(e => ToApiEvent(e.ToJson()));
            if (request["reverseOrder"]?.GetValue<bool>() == true)
            {
                events = events.Reverse();
            }

            var (page, nextToken) = Page(events.ToList(), request);
            return new JsonObject { ["events"] = new JsonArray(page.Select(e => (JsonNode?)e).ToArray()), ["nextToken"] = nextToken };
        });
        registry.Register("states", "StopExecution", async (request, cancellationToken) =>
        {
            var arn = Required(request, "executionArn");
            var record = await GetExecutionAsync(arn, cancellationToken).ConfigureAwait(false)
                ?? throw new AwsServiceException("ExecutionDoesNotExist", $"Execution Does Not Exist: '{arn}'");
            if (record.Status == "RUNNING")
            {
                _interpreter.StopExecution(arn, request["error"]?.GetValue<string>(), request["cause"]?.GetValue<string>());
                record = await WaitForExecutionAsync(arn, cancellationToken).ConfigureAwait(false);
            }

            return new JsonObject { ["stopDate"] = EpochSeconds(record.StopDate ?? _timeProvider.GetUtcNow()) };
        });
        registry.Register("states", "RedriveExecution", async (request, cancellationToken) =>
        {
            var redriveDate = await RedriveExecutionAsync(Required(request, "executionArn"), cancellationToken).ConfigureAwait(false);
            return new JsonObject { ["redriveDate"] = EpochSeconds(redriveDate) };
        });
        registry.Register("states", "DescribeStateMachine", (request, _) =>
        {
            var arn = Required(request, "stateMachineArn");
            return Task.FromResult(DescribeMachine(arn));
        });
        registry.Register("states", "DescribeStateMachineForExecution", async (request, cancellationToken) =>
        {
            var record = await GetExecutionAsync(Required(request, "executionArn"), cancellationToken).ConfigureAwait(false)
                ?? throw new AwsServiceException("ExecutionDoesNotExist", $"Execution Does Not Exist: '{request["executionArn"]}'");
            return DescribeMachine(record.StateMachineArn);
        });
        registry.Register("states", "ListStateMachines", (_, _) => Task.FromResult(new JsonObject
        {
            ["stateMachines"] = new JsonArray(_machines.Values.Select(m => (JsonNode?)new JsonObject
            {
                ["stateMachineArn"] = m.Resource.Arn,
                ["name"] = m.Resource.Name,
                ["type"] = m.Resource.Type,
                ["creationDate"] = EpochSeconds(m.Created),
            }).ToArray()),
        }));
        registry.Register("states", "SendTaskSuccess", (request, _) =>
        {
            var token = Required(request, "taskToken");
            return _interpreter.SendTaskSuccess(token, Required(request, "output"))
                ? Task.FromResult(new JsonObject())
                : throw new AwsServiceException("TaskDoesNotExist", "Task Timed Out: 'Provided task does not exist anymore'");
        });
        registry.Register("states", "SendTaskFailure", (request, _) =>
        {
            var token = Required(request, "taskToken");
            return _interpreter.SendTaskFailure(token, request["error"]?.GetValue<string>(), request["cause"]?.GetValue<string>())
                ? Task.FromResult(new JsonObject())
                : throw new AwsServiceException("TaskDoesNotExist", "Task Timed Out: 'Provided task does not exist anymore'");
        });
        registry.Register("states", "SendTaskHeartbeat", (request, _) =>
        {
            var token = Required(request, "taskToken");
            return _interpreter.SendTaskHeartbeat(token)
                ? Task.FromResult(new JsonObject())
                : throw new AwsServiceException("TaskDoesNotExist", "Task Timed Out: 'Provided task does not exist anymore'");
        });
    }

    /// <summary>Returns the DescribeExecution response for a stored execution.</summary>
    public static JsonObject Describe(ExecutionRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new JsonObject
        {
            ["executionArn"] = record.ExecutionArn,
            ["stateMachineArn"] = record.StateMachineArn,
            ["name"] = record.Name,
            ["status"] = record.Status,
            ["startDate"] = EpochSeconds(record.StartDate),
            ["stopDate"] = record.StopDate is { } stop ? EpochSeconds(stop) : null,
            ["input"] = record.Input,
            ["inputDetails"] = new JsonObject { ["included"] = true },
            ["output"] = record.Output,
            ["outputDetails"] = record.Output is null ? null : new JsonObject { ["included"] = true },
            ["error"] = record.Error,
            ["cause"] = record.Cause,
        };
    }

    private JsonObject DescribeMachine(string arn)
    {
        if (!_machines.TryGetValue(arn, out var machine))
        {
            throw new AwsServiceException("StateMachineDoesNotExist", $"State Machine Does Not Exist: '{arn}'");
        }

        return new JsonObject
        {
            ["stateMachineArn"] = machine.Resource.Arn,
            ["name"] = machine.Resource.Name,
            ["status"] = "ACTIVE",
            ["definition"] = machine.Resource.Definition,
            ["roleArn"] = $"arn:{_environment.Partition}:iam::{_environment.AccountId}:role/{machine.Resource.Name}-role",
            ["type"] = machine.Resource.Type,
            ["creationDate"] = EpochSeconds(machine.Created),
        };
    }

    /// <summary>Converts an event's timestamp to epoch seconds, the JSON protocol's timestamp format.</summary>
    private static JsonObject ToApiEvent(JsonObject historyEvent)
    {
        if (historyEvent["timestamp"] is JsonValue value && value.TryGetValue<string>(out var text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var timestamp))
        {
            historyEvent["timestamp"] = EpochSeconds(timestamp);
        }

        return historyEvent;
    }

    private static (IReadOnlyList<T> Page, string? NextToken) Page<T>(IReadOnlyList<T> items, JsonObject request)
    {
        var max = request["maxResults"]?.GetValue<int>() is int m and > 0 ? Math.Min(m, 1000) : 100;
        var offset = request["nextToken"]?.GetValue<string>() is { } token && int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
        var page = items.Skip(offset).Take(max).ToList();
        var next = offset + page.Count < items.Count ? (offset + page.Count).ToString(CultureInfo.InvariantCulture) : null;
        return (page, next);
    }

    private static string Required(JsonObject request, string field) =>
        request[field]?.GetValue<string>()
        ?? throw new AwsServiceException("ValidationException", $"1 validation error detected: Value null at '{field}' failed to satisfy constraint: Member must not be null");

    internal static double EpochSeconds(DateTimeOffset value) => Math.Round(value.ToUnixTimeMilliseconds() / 1000.0, 3);
}
