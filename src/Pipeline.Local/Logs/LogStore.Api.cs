using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Local.Services;

namespace Pipeline.Local.Logs;

/// <summary>The CloudWatch Logs operations of the log store, with the API's member names and errors.</summary>
public sealed partial class LogStore
{
    private const int MaxEventsPerPage = 10000;

    /// <summary>Adds CreateLogGroup, CreateLogStream, PutLogEvents, GetLogEvents, DescribeLogGroups and DescribeLogStreams under <c>logs</c>.</summary>
    public void Register(LocalServiceRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.Register("logs", "CreateLogGroup", (request, _) => Task.FromResult(CreateLogGroup(request)));
        registry.Register("logs", "CreateLogStream", (request, _) => Task.FromResult(CreateLogStream(request)));
        registry.Register("logs", "PutLogEvents", (request, _) => Task.FromResult(PutLogEvents(request)));
        registry.Register("logs", "GetLogEvents", (request, _) => Task.FromResult(GetLogEvents(request)));
        registry.Register("logs", "DescribeLogGroups", (request, _) => Task.FromResult(DescribeLogGroups(request)));
        registry.Register("logs", "DescribeLogStreams", (request, _) => Task.FromResult(DescribeLogStreams(request)));
    }

    /// <summary>
    /// Reads a page of a stream as <c>GetLogEvents</c> does: forward from the start with <paramref name="startFromHead"/>,
    /// else the newest events; "f/N" and "b/N" tokens continue forward or backward from event N.
    /// </summary>
    public LogEventPage GetLogEvents(
        string logGroupName, string logStreamName, long? startTime = null, long? endTime = null, string? nextToken = null, int? limit = null, bool startFromHead = false)
    {
        var stream = FindStream(logGroupName, logStreamName);
        List<LogEvent> events;
        lock (stream)
        {
            events = stream.Events
                .Where(item => (startTime is null || item.Timestamp >= startTime) && (endTime is null || item.Timestamp < endTime))
                .ToList();
        }

        var pageSize = limit ?? MaxEventsPerPage;
        int start;
        int end;
        if (nextToken is not null)
        {
            var (forward, position) = ParseToken(nextToken, events.Count);
            start = forward ? position : Math.Max(0, position - pageSize);
            end = forward ? Math.Min(events.Count, position + pageSize) : position;
        }
        else if (startFromHead)
        {
            start = 0;
            end = Math.Min(events.Count, pageSize);
        }
        else
        {
            end = events.Count;
            start = Math.Max(0, end - pageSize);
        }

        var page = events.GetRange(start, end - start);
        return new LogEventPage(page, FormattableString.Invariant($"f/{end:D56}"), FormattableString.Invariant($"b/{start:D56}"));
    }

    private JsonObject CreateLogGroup(JsonObject request)
    {
        var name = Required(request, "logGroupName");
        if (!EnsureGroup(name))
        {
            throw new AwsServiceException("ResourceAlreadyExistsException", "The specified log group already exists");
        }

        return [];
    }

    private JsonObject CreateLogStream(JsonObject request)
    {
        var group = Required(request, "logGroupName");
        var stream = Required(request, "logStreamName");
        FindGroup(group);
        if (!EnsureStream(group, stream))
        {
            throw new AwsServiceException("ResourceAlreadyExistsException", "The specified log stream already exists");
        }

        return [];
    }

    private JsonObject PutLogEvents(JsonObject request)
    {
        var group = Required(request, "logGroupName");
        var stream = Required(request, "logStreamName");
        FindStream(group, stream);
        if (request["logEvents"] is not JsonArray items || items.Count == 0)
        {
            throw new AwsServiceException("InvalidParameterException", "1 validation error detected: Value null at 'logEvents' failed to satisfy constraint: Member must not be null");
        }

        var events = items.Select(item => ((long)item!["timestamp"]!, (string?)item["message"] ?? string.Empty)).ToList();
        Append(group, stream, events);
        return new JsonObject { ["nextSequenceToken"] = events.Count.ToString(CultureInfo.InvariantCulture) };
    }

    private JsonObject GetLogEvents(JsonObject request)
    {
        var page = GetLogEvents(
            Required(request, "logGroupName"),
            Required(request, "logStreamName"),
            (long?)request["startTime"],
            (long?)request["endTime"],
            (string?)request["nextToken"],
            (int?)request["limit"],
            (bool?)request["startFromHead"] ?? false);
        var events = new JsonArray();
        foreach (var item in page.Events)
        {
            events.Add(new JsonObject { ["timestamp"] = item.Timestamp, ["message"] = item.Message, ["ingestionTime"] = item.IngestionTime });
        }

        return new JsonObject { ["events"] = events, ["nextForwardToken"] = page.NextForwardToken, ["nextBackwardToken"] = page.NextBackwardToken };
    }

    private JsonObject DescribeLogGroups(JsonObject request)
    {
        var prefix = (string?)request["logGroupNamePrefix"];
        var groups = new JsonArray();
        foreach (var group in _groups.Values.Where(group => prefix is null || group.Name.StartsWith(prefix, StringComparison.Ordinal)).OrderBy(group => group.Name, StringComparer.Ordinal))
        {
            groups.Add(new JsonObject { ["logGroupName"] = group.Name, ["creationTime"] = group.CreationTime, ["storedBytes"] = StoredBytes(group.Streams.Values) });
        }

        return new JsonObject { ["logGroups"] = groups };
    }

    private JsonObject DescribeLogStreams(JsonObject request)
    {
        var group = FindGroup(Required(request, "logGroupName"));
        var prefix = (string?)request["logStreamNamePrefix"];
        var byTime = (string?)request["orderBy"] == "LastEventTime";
        var streams = group.Streams.Values.Where(stream => prefix is null || stream.Name.StartsWith(prefix, StringComparison.Ordinal));
        var ordered = byTime ? streams.OrderBy(LastEventTime) : streams.OrderBy(stream => stream.Name, StringComparer.Ordinal);
        var list = ordered.ToList();
        if ((bool?)request["descending"] == true)
        {
            list.Reverse();
        }

        var result = new JsonArray();
        foreach (var stream in list.Take((int?)request["limit"] ?? 50))
        {
            lock (stream)
            {
                var item = new JsonObject { ["logStreamName"] = stream.Name, ["creationTime"] = stream.CreationTime, ["storedBytes"] = StoredBytes([stream]) };
                if (stream.Events.Count > 0)
                {
                    item["firstEventTimestamp"] = stream.Events.Min(e => e.Timestamp);
                    item["lastEventTimestamp"] = stream.Events.Max(e => e.Timestamp);
                    item["lastIngestionTime"] = stream.LastIngestionTime;
                }

                result.Add(item);
            }
        }

        return new JsonObject { ["logStreams"] = result };
    }

    private static long LastEventTime(LogStream stream)
    {
        lock (stream)
        {
            return stream.Events.Count == 0 ? stream.CreationTime : stream.Events.Max(item => item.Timestamp);
        }
    }

    private static long StoredBytes(IEnumerable<LogStream> streams) =>
        streams.Sum(stream =>
        {
            lock (stream)
            {
                return stream.Events.Sum(item => (long)item.Message.Length);
            }
        });

    private LogGroup FindGroup(string name) =>
        _groups.TryGetValue(name, out var group)
            ? group
            : throw new AwsServiceException("ResourceNotFoundException", "The specified log group does not exist.");

    private LogStream FindStream(string groupName, string streamName) =>
        FindGroup(groupName).Streams.TryGetValue(streamName, out var stream)
            ? stream
            : throw new AwsServiceException("ResourceNotFoundException", "The specified log stream does not exist.");

    private static (bool Forward, int Position) ParseToken(string token, int count)
    {
        if (token.Length > 2 && (token[0] is 'f' or 'b') && token[1] == '/'
            && int.TryParse(token.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var position))
        {
            return (token[0] == 'f', Math.Min(position, count));
        }

        throw new AwsServiceException("InvalidParameterException", $"The specified nextToken is invalid: '{token}'. Pass a nextForwardToken or nextBackwardToken from an earlier GetLogEvents response.");
    }

    private static string Required(JsonObject request, string member)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request[member] is JsonValue value && value.GetValueKind() == JsonValueKind.String && value.GetValue<string>() is { Length: > 0 } text)
        {
            return text;
        }

        throw new AwsServiceException(
            "InvalidParameterException", $"1 validation error detected: Value null at '{member}' failed to satisfy constraint: Member must not be null", HttpStatusCode.BadRequest);
    }
}
