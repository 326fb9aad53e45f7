using Pipeline.Aws.Storage;
using Pipeline.Functions.Configuration;

namespace Pipeline.Functions.DataArrived;

public sealed partial class Function
{
    private enum OutcomeKind
    {
        Started,
        Duplicate,
        Skipped,
    }

    /// <summary>The result of one record. <see cref="Detail"/> is the execution ARN or the skip reason.</summary>
    private readonly record struct Outcome(OutcomeKind Kind, string Detail)
    {
        public static Outcome Skip(string reason) => new(OutcomeKind.Skipped, reason);
    }

    /// <summary>
    /// Decides one record, in order: event type, key shape, size, a later event for the same key in this
    /// batch, the object's current state (HeadObject), the configuration, then StartExecution.
    /// </summary>
    private async Task<Outcome> HandleRecordAsync(
        S3EventRecord record,
        string bucket,
        string key,
        Dictionary<(string Bucket, string Key), string> latestSequencers,
        List<string> startedSoFar,
        CancellationToken cancellationToken)
    {
        if (!string.Equals(record.EventSource, "aws:s3", StringComparison.Ordinal))
        {
            return Outcome.Skip($"the event source is '{record.EventSource}', not aws:s3");
        }

        if (record.EventVersion is not { } version || !version.StartsWith("2.", StringComparison.Ordinal))
        {
            return Outcome.Skip($"the event version is '{record.EventVersion}'; only S3 event version 2.x is understood");
        }

        // S3 notifications name events without the "s3:" prefix that notification configurations use; accept both.
        var eventName = record.EventName ?? string.Empty;
        if (eventName.StartsWith("s3:", StringComparison.Ordinal))
        {
            eventName = eventName[3..];
        }

        if (!eventName.StartsWith("ObjectCreated:", StringComparison.Ordinal))
        {
            return Outcome.Skip($"the event is {(eventName.Length == 0 ? "unnamed" : eventName)}, not ObjectCreated");
        }

        var s3Object = record.S3?.Object;
        if (bucket.Length == 0 || s3Object?.Key is null)
        {
            return Outcome.Skip("the record has no s3.bucket.name or s3.object.key");
        }

        if (key.EndsWith('/'))
        {
            return Outcome.Skip("the key is a folder marker");
        }

        if (!TryGetDataset(key, out var dataset))
        {
            return Outcome.Skip($"the key is not under {_options.IncomingPrefix}<dataset>/");
        }

        if (!key.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            return Outcome.Skip("the key does not end in .csv");
        }

        if (!SageMakerNames.IsValidDatasetName(dataset))
        {
            return Outcome.Skip($"the dataset folder '{dataset}' is not a valid dataset name: {SageMakerNames.DatasetNameRule}");
        }

        if (s3Object.Size is 0)
        {
            return Outcome.Skip("the object is empty");
        }

        if (latestSequencers.TryGetValue((bucket, key), out var latest)
            && S3EventObject.CompareSequencers(s3Object.Sequencer, latest) < 0)
        {
            return Outcome.Skip($"a later event for the same key is in this batch (sequencer {latest})");
        }

        var eventETag = ObjectMetadata.NormalizeETag(s3Object.ETag);
        var eventVersion = string.IsNullOrEmpty(s3Object.VersionId) || s3Object.VersionId == "null" ? null : s3Object.VersionId;
        var current = await _storage.Value.HeadObjectAsync(bucket, key, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (current is null)
        {
            return Outcome.Skip("the object no longer exists");
        }

        var stale = StaleReason(current, eventETag, eventVersion);
        if (stale is not null)
        {
            return Outcome.Skip(stale);
        }

        if (current.ContentLength == 0)
        {
            return Outcome.Skip("the object is empty");
        }

        var source = new SourceObject(bucket, key, current.ETag, current.ContentLength, eventVersion, s3Object.Sequencer);
        var result = await _starter.StartAsync(dataset, source, scheduleId: null, trigger: null, cancellationToken).ConfigureAwait(false);
        return result.Started && !startedSoFar.Contains(result.ExecutionArn, StringComparer.Ordinal)
            ? new Outcome(OutcomeKind.Started, result.ExecutionArn)
            : new Outcome(OutcomeKind.Duplicate, result.ExecutionArn);
    }

    /// <summary>Explains why the event no longer describes the key's current object, or returns null when it does.</summary>
    private static string? StaleReason(ObjectMetadata current, string eventETag, string? eventVersion)
    {
        if (eventVersion is not null)
        {
            return string.Equals(current.VersionId, eventVersion, StringComparison.Ordinal)
                ? null
                : $"the event is stale: the key now has version {current.VersionId ?? "null"}, the event is for version {eventVersion}";
        }

        return eventETag.Length == 0 || string.Equals(current.ETag, eventETag, StringComparison.Ordinal)
            ? null
            : $"the event is stale: the key now has ETag {current.ETag}, the event is for ETag {eventETag}";
    }

    private bool TryGetDataset(string key, out string dataset)
    {
        dataset = string.Empty;
        if (!key.StartsWith(_options.IncomingPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = key[_options.IncomingPrefix.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == rest.Length - 1)
        {
            return false;
        }

        dataset = rest[..slash];
        return true;
    }

    private static string DecodeKey(S3EventRecord record) =>
        record.S3?.Object?.Key is { } encoded ? S3EventObject.DecodeKey(encoded) : string.Empty;

    /// <summary>Returns the greatest sequencer per bucket and decoded key among the batch's records.</summary>
    private static Dictionary<(string Bucket, string Key), string> LatestSequencers(IReadOnlyList<S3EventRecord> records)
    {
        var latest = new Dictionary<(string Bucket, string Key), string>();
        foreach (var record in records)
        {
            if (record.S3?.Bucket?.Name is not { } bucket || record.S3.Object?.Sequencer is not { } sequencer)
            {
                continue;
            }

            var id = (bucket, DecodeKey(record));
            if (!latest.TryGetValue(id, out var known) || S3EventObject.CompareSequencers(sequencer, known) > 0)
            {
                latest[id] = sequencer;
            }
        }

        return latest;
    }

    /// <summary>Returns the ARN of execution <paramref name="name"/> of the state machine <paramref name="stateMachineArn"/>.</summary>
    internal static string ExecutionArn(string stateMachineArn, string name)
    {
        const string marker = ":stateMachine:";
        var index = stateMachineArn.IndexOf(marker, StringComparison.Ordinal);
        return index < 0
            ? $"{stateMachineArn}:{name}"
            : $"{stateMachineArn[..index]}:execution:{stateMachineArn[(index + marker.Length)..]}:{name}";
    }
}
