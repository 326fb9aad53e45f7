using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace Pipeline.Local.Persistence;

/// <summary>An <see cref="IResourceStore"/> in the runtime's SQLite database (<c>.pipeline/state.db</c>).</summary>
public sealed class SqliteResourceStore : IResourceStore
{
    private readonly StateDatabase _database;

    public SqliteResourceStore(StateDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    public async Task PutAsync(string kind, string name, JsonObject document, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO resources (kind, name, document) VALUES ($kind, $name, $document)
            ON CONFLICT (kind, name) DO UPDATE SET document = excluded.document
            """;
        AddKey(command, kind, name);
        command.Parameters.AddWithValue("$document", document.ToJsonString());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> TryAddAsync(string kind, string name, JsonObject document, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO resources (kind, name, document) VALUES ($kind, $name, $document) ON CONFLICT DO NOTHING";
        AddKey(command, kind, name);
        command.Parameters.AddWithValue("$document", document.ToJsonString());
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<JsonObject?> GetAsync(string kind, string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT document FROM resources WHERE kind = $kind AND name = $name";
        AddKey(command, kind, name);
        var json = (string?)await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return json is null ? null : JsonNode.Parse(json)!.AsObject();
    }

    public async Task<IReadOnlyList<JsonObject>> ListAsync(string kind, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT document FROM resources WHERE kind = $kind ORDER BY rowid";
        command.Parameters.AddWithValue("$kind", kind);
        var documents = new List<JsonObject>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            documents.Add(JsonNode.Parse(reader.GetString(0))!.AsObject());
        }

        return documents;
    }

    public async Task<bool> DeleteAsync(string kind, string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM resources WHERE kind = $kind AND name = $name";
        AddKey(command, kind, name);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private static void AddKey(SqliteCommand command, string kind, string name)
    {
        command.Parameters.AddWithValue("$kind", kind);
        command.Parameters.AddWithValue("$name", name);
    }
}
