using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Pipeline.Local.Persistence;
using Pipeline.StateMachines;

namespace Pipeline.Local.StepFunctions;

/// <summary>A stored execution, with the fields of DescribeExecution.</summary>
public sealed record ExecutionRecord(
    string ExecutionArn,
    string StateMachineArn,
    string Name,
    string Status,
    DateTimeOffset StartDate,
    DateTimeOffset? StopDate,
    string? Input,
    string? Output,
    string? Error,
    string? Cause);

/// <summary>Executions and their history events in the runtime's SQLite database.</summary>
internal sealed class ExecutionRepository : IExecutionListener
{
    private readonly StateDatabase _database;

    public ExecutionRepository(StateDatabase database)
    {
        _database = database;
    }

    /// <summary>Inserts a new execution; returns false when the state machine already has one of that name.</summary>
    public async Task<bool> TryInsertAsync(ExecutionRecord record, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO executions (execution_arn, state_machine_arn, name, status, start_date, input)
            VALUES ($arn, $machine, $name, $status, $start, $input) ON CONFLICT DO NOTHING
            """;
        command.Parameters.AddWithValue("$arn", record.ExecutionArn);
        command.Parameters.AddWithValue("$machine", record.StateMachineArn);
        command.Parameters.AddWithValue("$name", record.Name);
        command.Parameters.AddWithValue("$status", record.Status);
        command.Parameters.AddWithValue("$start", Format(record.StartDate));
        command.Parameters.AddWithValue("$input", (object?)record.Input ?? DBNull.Value);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task CompleteAsync(string executionArn, ExecutionResult result, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE executions SET status = $status, stop_date = $stop, output = $output, error = $error, cause = $cause
            WHERE execution_arn = $arn
            """;
        command.Parameters.AddWithValue("$arn", executionArn);
        command.Parameters.AddWithValue("$status", result.Status.ToAwsName());
        command.Parameters.AddWithValue("$stop", Format(result.StopDate));
        command.Parameters.AddWithValue("$output", (object?)result.Output ?? DBNull.Value);
        command.Parameters.AddWithValue("$error", (object?)result.Error ?? DBNull.Value);
        command.Parameters.AddWithValue("$cause", (object?)result.Cause ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sets a FAILED, TIMED_OUT or ABORTED execution back to RUNNING for a redrive; false when it has another status.</summary>
    public async Task<bool> TryReopenAsync(string executionArn, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE executions SET status = 'RUNNING', stop_date = NULL, output = NULL, error = NULL, cause = NULL
            WHERE execution_arn = $arn AND status IN ('FAILED', 'TIMED_OUT', 'ABORTED')
            """;
        command.Parameters.AddWithValue("$arn", executionArn);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <summary>Marks executions left RUNNING by a runtime process that has ended as ABORTED.</summary>
    public async Task<int> AbortOrphansAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE executions SET status = 'ABORTED', stop_date = $stop, error = 'Local.RuntimeStopped',
                cause = 'The local runtime that ran this execution stopped before it ended.'
            WHERE status = 'RUNNING'
            """;
        command.Parameters.AddWithValue("$stop", Format(now));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<ExecutionRecord?> GetAsync(string executionArn, CancellationToken cancellationToken = default)
    {
        var records = await QueryAsync("WHERE execution_arn = $arn", command => command.Parameters.AddWithValue("$arn", executionArn), cancellationToken).ConfigureAwait(false);
        return records.Count == 0 ? null : records[0];
    }

    public async Task<ExecutionRecord?> GetByNameAsync(string stateMachineArn, string name, CancellationToken cancellationToken = default)
    {
        var records = await QueryAsync(
            "WHERE state_machine_arn = $machine AND name = $name",
            command =>
            {
                command.Parameters.AddWithValue("$machine", stateMachineArn);
                command.Parameters.AddWithValue("$name", name);
            },
            cancellationToken).ConfigureAwait(false);
        return records.Count == 0 ? null : records[0];
    }

    /// <summary>Lists executions, newest first, optionally of one state machine and one status.</summary>
    public Task<IReadOnlyList<ExecutionRecord>> ListAsync(string? stateMachineArn, string? status, CancellationToken cancellationToken = default) =>
        QueryAsync(
            "WHERE ($machine IS NULL OR state_machine_arn = $machine) AND ($status IS NULL OR status = $status) ORDER BY start_date DESC, rowid DESC",
            command =>
            {
                command.Parameters.AddWithValue("$machine", (object?)stateMachineArn ?? DBNull.Value);
                command.Parameters.AddWithValue("$status", (object?)status ?? DBNull.Value);
            },
            cancellationToken);

    public async Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string executionArn, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT event FROM history_events WHERE execution_arn = $arn ORDER BY id";
        command.Parameters.AddWithValue("$arn", executionArn);
        var events = new List<HistoryEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            events.Add(HistoryEvent.FromJson(JsonNode.Parse(reader.GetString(0))!.AsObject()));
        }

        return events;
    }

    public async ValueTask OnHistoryEventAsync(string executionArn, HistoryEvent historyEvent, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT OR REPLACE INTO history_events (execution_arn, id, event) VALUES ($arn, $id, $event)";
        command.Parameters.AddWithValue("$arn", executionArn);
        command.Parameters.AddWithValue("$id", historyEvent.Id);
        command.Parameters.AddWithValue("$event", historyEvent.ToJson().ToJsonString());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<ExecutionRecord>> QueryAsync(string where, Action<SqliteCommand> bind, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT execution_arn, state_machine_arn, name, status, start_date, stop_date, input, output, error, cause FROM executions {where}";
        bind(command);
        var records = new List<ExecutionRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            records.Add(new ExecutionRecord(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                Parse(reader.GetString(4)),
                reader.IsDBNull(5) ? null : Parse(reader.GetString(5)),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.IsDBNull(8) ? null : reader.GetString(8),
                reader.IsDBNull(9) ? null : reader.GetString(9)));
        }

        return records;
    }

    private static string Format(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string value) => DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
