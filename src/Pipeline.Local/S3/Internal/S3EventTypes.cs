namespace Pipeline.Local.S3;

/// <summary>The event types of S3 event notifications that a notification configuration may name.</summary>
internal static class S3EventTypes
{
    /// <summary>The patterns S3 accepts in a NotificationConfiguration's <c>Event</c> list.</summary>
    public static readonly IReadOnlyList<string> Patterns =
    [
        "s3:TestEvent",
        "s3:ObjectCreated:*", "s3:ObjectCreated:Put", "s3:ObjectCreated:Post", "s3:ObjectCreated:Copy",
        "s3:ObjectCreated:CompleteMultipartUpload",
        "s3:ObjectRemoved:*", "s3:ObjectRemoved:Delete", "s3:ObjectRemoved:DeleteMarkerCreated",
        "s3:ObjectRestore:*", "s3:ObjectRestore:Post", "s3:ObjectRestore:Completed", "s3:ObjectRestore:Delete",
        "s3:ReducedRedundancyLostObject",
        "s3:Replication:*", "s3:Replication:OperationFailedReplication", "s3:Replication:OperationNotTracked",
        "s3:Replication:OperationMissedThreshold", "s3:Replication:OperationReplicatedAfterThreshold",
        "s3:LifecycleExpiration:*", "s3:LifecycleExpiration:Delete", "s3:LifecycleExpiration:DeleteMarkerCreated",
        "s3:LifecycleTransition", "s3:IntelligentTiering",
        "s3:ObjectTagging:*", "s3:ObjectTagging:Put", "s3:ObjectTagging:Delete",
        "s3:ObjectAcl:Put",
    ];

    private static readonly HashSet<string> PatternSet = new(Patterns, StringComparer.Ordinal);

    public static bool IsValidPattern(string pattern) => pattern is not null && PatternSet.Contains(pattern);

    /// <summary>Matches an event name without the <c>s3:</c> prefix (<c>ObjectCreated:Put</c>) against a pattern.</summary>
    public static bool PatternMatches(string pattern, string eventName)
    {
        var body = pattern.StartsWith("s3:", StringComparison.Ordinal) ? pattern[3..] : pattern;
        return body.EndsWith(":*", StringComparison.Ordinal)
            ? eventName.StartsWith(body[..^1], StringComparison.Ordinal)
            : string.Equals(body, eventName, StringComparison.Ordinal);
    }
}
