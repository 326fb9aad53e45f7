using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Pipeline.Local.Tests.Triggers;

/// <summary>One log entry: its category, event id, level, message and structured values.</summary>
internal sealed record LogEntry(string Category, EventId EventId, LogLevel Level, string Message, IReadOnlyDictionary<string, object?> Values);

/// <summary>A logger provider that keeps every entry, so tests can check what was logged with which ids.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<LogEntry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, Entries);

    public IReadOnlyList<LogEntry> WithEventId(int eventId) => Entries.Where(entry => entry.EventId.Id == eventId).ToList();

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(string category, ConcurrentQueue<LogEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal)
                : new Dictionary<string, object?>(StringComparer.Ordinal);
            entries.Enqueue(new LogEntry(category, eventId, logLevel, formatter(state, exception), values));
        }
    }
}
