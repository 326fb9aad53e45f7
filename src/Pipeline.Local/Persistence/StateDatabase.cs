using Microsoft.Data.Sqlite;

namespace Pipeline.Local.Persistence;

/// <summary>
/// The runtime's SQLite file. Opens pooled connections in WAL mode and creates the schema once:
/// <c>resources</c> for service records, <c>executions</c> and <c>history_events</c> for Step Functions.
/// </summary>
public sealed class StateDatabase : IDisposable
{
    private readonly string _connectionString;
    private readonly SemaphoreSlim _schemaLock = new(1, 1);
    private volatile bool _schemaReady;

    public StateDatabase(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Shared,
            DefaultTimeout = 30,
        }.ToString();
    }

    public string Path { get; }

    public void Dispose() => _schemaLock.Dispose();

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        if (!_schemaReady)
        {
            await EnsureSchemaAsync(connection, cancellationToken).ConfigureAwait(false);
        }

        return connection;
    }

    private async Task EnsureSchemaAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await _schemaLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_schemaReady)
            {
                return;
            }

            await using var command = connection.CreateCommand();
            command.CommandText = """
                PRAGMA journal_mode = WAL;
                PRAGMA busy_timeout = 30000;
                CREATE TABLE IF NOT EXISTS resources (
                    kind TEXT NOT NULL,
                    name TEXT NOT NULL,
                    document TEXT NOT NULL,
                    PRIMARY KEY (kind, name));
                CREATE TABLE IF NOT EXISTS executions (
                    execution_arn TEXT PRIMARY KEY,
                    state_machine_arn TEXT NOT NULL,
                    name TEXT NOT NULL,
                    status TEXT NOT NULL,
                    start_date TEXT NOT NULL,
                    stop_date TEXT,
                    input TEXT,
                    output TEXT,
                    error TEXT,
                    cause TEXT,
                    UNIQUE (state_machine_arn, name));
                CREATE TABLE IF NOT EXISTS history_events (
                    execution_arn TEXT NOT NULL,
                    id INTEGER NOT NULL,
                    event TEXT NOT NULL,
                    PRIMARY KEY (execution_arn, id));
                """;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            _schemaReady = true;
        }
        finally
        {
            _schemaLock.Release();
        }
    }
}
