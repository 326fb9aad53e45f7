using System.Text.Json.Serialization;

namespace Pipeline.Aws.Storage;

/// <summary>
/// An Amazon S3 event notification message (event version 2.x), as S3 delivers it to Lambda:
/// <c>{"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","eventName":"ObjectCreated:Put","s3":{...}}]}</c>.
/// </summary>
/// <remarks>
/// Object keys are URL-encoded in the message, with <c>+</c> for spaces; use <see cref="S3EventObject.DecodedKey"/>.
/// The test message that S3 sends when a notification is configured has no <c>Records</c> but an
/// <c>Event</c> of <c>s3:TestEvent</c>.
/// </remarks>
public sealed record S3EventNotification
{
    [JsonPropertyName("Records")]
    public IReadOnlyList<S3EventRecord>? Records { get; init; }

    /// <summary><c>s3:TestEvent</c> in the test message, otherwise absent.</summary>
    [JsonPropertyName("Event")]
    public string? Event { get; init; }

    [JsonPropertyName("Bucket")]
    public string? Bucket { get; init; }
}

/// <summary>One record of an S3 event notification.</summary>
public sealed partial record S3EventRecord
{
    [JsonPropertyName("eventVersion")]
    public string? EventVersion { get; init; }

    /// <summary><c>aws:s3</c>.</summary>
    [JsonPropertyName("eventSource")]
    public string? EventSource { get; init; }

    [JsonPropertyName("awsRegion")]
    public string? AwsRegion { get; init; }

    /// <summary>The ISO-8601 time S3 finished the request, for example <c>1970-01-01T00:00:00.000Z</c>.</summary>
    [JsonPropertyName("eventTime")]
    public string? EventTime { get; init; }

    /// <summary>The event type without the <c>s3:</c> prefix, for example <c>ObjectCreated:Put</c>.</summary>
    [JsonPropertyName("eventName")]
    public string? EventName { get; init; }

    [JsonPropertyName("userIdentity")]
    public S3UserIdentity? UserIdentity { get; init; }

    [JsonPropertyName("requestParameters")]
    public S3RequestParameters? RequestParameters { get; init; }

    [JsonPropertyName("responseElements")]
    public IReadOnlyDictionary<string, string>? ResponseElements { get; init; }

    [JsonPropertyName("s3")]
    public S3EventEntity? S3 { get; init; }
}

/// <summary>The <c>userIdentity</c> of a record.</summary>
public sealed record S3UserIdentity
{
    [JsonPropertyName("principalId")]
    public string? PrincipalId { get; init; }
}

/// <summary>The <c>requestParameters</c> of a record.</summary>
public sealed record S3RequestParameters
{
    [JsonPropertyName("sourceIPAddress")]
    public string? SourceIPAddress { get; init; }
}

/// <summary>The <c>s3</c> entity of a record.</summary>
public sealed record S3EventEntity
{
    [JsonPropertyName("s3SchemaVersion")]
    public string? S3SchemaVersion { get; init; }

    [JsonPropertyName("configurationId")]
    public string? ConfigurationId { get; init; }

    [JsonPropertyName("bucket")]
    public S3EventBucket? Bucket { get; init; }

    [JsonPropertyName("object")]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "Mirrors the s3.object member of the event.")]
    public S3EventObject? Object { get; init; }
}

/// <summary>The bucket of a record.</summary>
public sealed record S3EventBucket
{
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("ownerIdentity")]
    public S3UserIdentity? OwnerIdentity { get; init; }

    [JsonPropertyName("arn")]
    public string? Arn { get; init; }
}

/// <summary>The object of a record.</summary>
public sealed record S3EventObject
{
    /// <summary>The key, URL-encoded (<c>+</c> for a space).</summary>
    [JsonPropertyName("key")]
    public string? Key { get; init; }

    /// <summary>The size in bytes; absent for some event types such as deletions.</summary>
    [JsonPropertyName("size")]
    public long? Size { get; init; }

    [JsonPropertyName("eTag")]
    public string? ETag { get; init; }

    [JsonPropertyName("versionId")]
    public string? VersionId { get; init; }

    /// <summary>A hexadecimal value that orders events for the same key: a greater value is a later event.</summary>
    [JsonPropertyName("sequencer")]
    public string? Sequencer { get; init; }

    /// <summary>The key decoded from its URL form: <c>+</c> becomes a space, then percent escapes are decoded as UTF-8.</summary>
    [JsonIgnore]
    public string? DecodedKey => Key is null ? null : DecodeKey(Key);

    /// <summary>Decodes an event key: <c>+</c> is a space and <c>%2B</c> a plus sign.</summary>
    public static string DecodeKey(string encodedKey)
    {
        ArgumentNullException.ThrowIfNull(encodedKey);
        return Uri.UnescapeDataString(encodedKey.Replace('+', ' '));
    }

    /// <summary>
    /// Encodes a key as S3 writes it into an event: UTF-8 percent escapes, a space as <c>+</c>,
    /// with letters, digits, <c>/</c> and <c>-_.~*'()!</c> kept as they are.
    /// </summary>
    public static string EncodeKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var builder = new System.Text.StringBuilder(key.Length * 2);
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(key))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '/' or '-' or '_' or '.' or '~' or '*' or '\'' or '(' or ')' or '!')
            {
                builder.Append(c);
            }
            else if (c == ' ')
            {
                builder.Append('+');
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// Compares two sequencers: the shorter is right-padded with zeros, then the hexadecimal strings are compared.
    /// Returns a negative number when <paramref name="left"/> is earlier.
    /// </summary>
    public static int CompareSequencers(string? left, string? right)
    {
        var a = (left ?? string.Empty).ToUpperInvariant();
        var b = (right ?? string.Empty).ToUpperInvariant();
        var length = Math.Max(a.Length, b.Length);
        return string.CompareOrdinal(a.PadRight(length, '0'), b.PadRight(length, '0'));
    }
}
