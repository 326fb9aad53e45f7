using System.Collections.Concurrent;
using System.Text.Json;

namespace Pipeline.Local.Logs;

/// <summary>
/// A local CloudWatch Logs: log groups holding log streams of timestamped events, read back the way
/// <c>GetLogEvents</c> pages them. With a directory, every stream is also appended to a JSON-lines file
/// there and reloaded by the next instance, so job logs survive a restart of the local runtime.
/// </summary>
public sealed partial class LogStore
{
    private readonly ConcurrentDictionary<string, LogGroup> _groups = new(StringComparer.Ordinal);
    private readonly TimeProvider _timeProvider;
    private readonly string? _directory;

    public LogStore(TimeProvider timeProvider, string? directory = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
        _directory = directory;
        if (directory is not null)
        {
            Load(directory);
        }
    }

    /// <summary>Creates a group if it does not exist and returns whether it was created.</summary>
    public bool EnsureGroup(string logGroupName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(logGroupName);
        var created = false;
        _groups.GetOrAdd(logGroupName, name =>
        {
            created = true;
            return new LogGroup(name, Now());
        });
        return created;
    }

    /// <summary>Creates a stream (and its group) if it does not exist and returns whether the stream was created.</summary>
    public bool EnsureStream(string logGroupName, string logStreamName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(logStreamName);
        EnsureGroup(logGroupName);
        var group = _groups[logGroupName];
        var created = false;
        group.Streams.GetOrAdd(logStreamName, name =>
        {
            created = true;
            return new LogStream(name, Now());
        });
        return created;
    }

    /// <summary>Appends events with the given timestamps (epoch milliseconds), creating the group and stream when missing.</summary>
    public void Append(string logGroupName, string logStreamName, IEnumerable<(long Timestamp, string Message)> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        EnsureStream(logGroupName, logStreamName);
        var stream = _groups[logGroupName].Streams[logStreamName];
        var ingestion = Now();
        var added = events.Select(item => new LogEvent(item.Timestamp, item.Message, ingestion)).ToList();
        lock (stream)
        {
            stream.Events.AddRange(added);
            stream.LastIngestionTime = ingestion;
            if (_directory is not null)
            {
                Persist(logGroupName, logStreamName, added);
            }
        }
    }

    /// <summary>Appends one message stamped with the current time.</summary>
    public void Append(string logGroupName, string logStreamName, string message) =>
        Append(logGroupName, logStreamName, [(Now(), message)]);

    /// <summary>Returns the names of a group's streams with the given prefix, in name order.</summary>
    public IReadOnlyList<string> ListStreams(string logGroupName, string? prefix = null) =>
        _groups.TryGetValue(logGroupName, out var group)
            ? group.Streams.Keys.Where(name => prefix is null || name.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList()
            : [];

    /// <summary>Returns a copy of every event of a stream, oldest first, or an empty list when it does not exist.</summary>
    public IReadOnlyList<LogEvent> ReadAll(string logGroupName, string logStreamName)
    {
        if (!_groups.TryGetValue(logGroupName, out var group) || !group.Streams.TryGetValue(logStreamName, out var stream))
        {
            return [];
        }

        lock (stream)
        {
            return stream.Events.ToList();
        }
    }

    private long Now() => _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    private string StreamFile(string logGroupName, string logStreamName) =>
        Path.Combine(_directory!, Uri.EscapeDataString(logGroupName), Uri.EscapeDataString(logStreamName) + ".jsonl");

    private void Persist(string logGroupName, string logStreamName, List<LogEvent> events)
    {
        var path = StreamFile(logGroupName, logStreamName);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.AppendAllLines(path, events.Select(item => JsonSerializer.Serialize(item, LogJsonContext.Default.LogEvent)));
    }

    private void Load(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return;
        }

        foreach (var groupFolder in Directory.EnumerateDirectories(directory))
        {
            var groupName = Uri.UnescapeDataString(Path.GetFileName(groupFolder));
            var group = _groups.GetOrAdd(groupName, name => new LogGroup(name, Now()));
            foreach (var file in Directory.EnumerateFiles(groupFolder, "*.jsonl"))
            {
                var streamName = Uri.UnescapeDataString(Path.GetFileNameWithoutExtension(file));
                var events = File.ReadLines(file)
                    .Where(line => line.Length > 0)
                    .Select(line => JsonSerializer.Deserialize(line, LogJsonContext.Default.LogEvent)!)
                    .ToList();
                var stream = new LogStream(streamName, events.Count > 0 ? events[0].IngestionTime : Now());
                stream.Events.AddRange(events);
                stream.LastIngestionTime = events.Count > 0 ? events[^1].IngestionTime : null;
                group.Streams[streamName] = stream;
            }
        }
    }

    private sealed class LogGroup(string name, long creationTime)
    {
        public string Name { get; } = name;

        public long CreationTime { get; } = creationTime;

        public ConcurrentDictionary<string, LogStream> Streams { get; } = new(StringComparer.Ordinal);
    }

    private sealed class LogStream(string name, long creationTime)
    {
        public string Name { get; } = name;

        public long CreationTime { get; } = creationTime;

        public List<LogEvent> Events { get; } = [];

        public long? LastIngestionTime { get; set; }
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(LogEvent))]
internal sealed partial class LogJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
