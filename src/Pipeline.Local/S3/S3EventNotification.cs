using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Pipeline.Local.Storage;

namespace Pipeline.Local.S3;

/// <summary>
/// Builds S3 event notifications in the JSON shape that Amazon S3 sends to Lambda
/// (event structure version 2.1, <c>{"Records":[...]}</c>).
/// </summary>
/// <remarks>
/// The object key in the event is URL-encoded the way S3 encodes it (see <see cref="EncodeKey"/>), so
/// handlers written for AWS, which decode it with <c>unquote_plus</c> or <c>WebUtility.UrlDecode</c>,
/// read the same key locally. <c>ObjectRemoved</c> events carry no size and no eTag, as in S3.
/// </remarks>
public static class S3EventNotification
{
    /// <summary>The <c>eventVersion</c> S3 uses for object created and removed events.</summary>
    public const string EventVersion = "2.1";

    /// <summary>The <c>s3SchemaVersion</c> of every S3 event.</summary>
    public const string SchemaVersion = "1.0";

    /// <summary>
    /// Creates the event that S3 delivers to a Lambda function for one object: <c>{"Records":[record]}</c>.
    /// </summary>
    /// <param name="info">The object, as the store returned it after the write or delete.</param>
    /// <param name="eventName">The event type, for example <c>ObjectCreated:Put</c>; a leading <c>s3:</c> is removed.</param>
    /// <param name="region">The bucket's region, for example <c>us-east-1</c>.</param>
    /// <param name="options">Identity, request and configuration fields; defaults describe a local request.</param>
    public static JsonObject Create(ObjectInfo info, string eventName, string region, S3EventOptions? options = null) =>
        new() { ["Records"] = new JsonArray(CreateRecord(info, eventName, region, options)) };

    /// <summary>Creates one element of the event's <c>Records</c> array.</summary>
    public static JsonObject CreateRecord(ObjectInfo info, string eventName, string region, S3EventOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentException.ThrowIfNullOrWhiteSpace(region);
        options ??= S3EventOptions.Default;
        var name = NormalizeEventName(eventName);
        var eventTime = (options.EventTime ?? info.LastModified).ToUniversalTime();

        var s3Object = new JsonObject { ["key"] = EncodeKey(info.Key) };
        if (!name.StartsWith("ObjectRemoved:", StringComparison.Ordinal))
        {
            s3Object["size"] = info.Size;
            s3Object["eTag"] = info.ETag;
        }

        if (info.VersionId is not null)
        {
            s3Object["versionId"] = info.VersionId;
        }

        s3Object["sequencer"] = info.Sequencer;

        return new JsonObject
        {
            ["eventVersion"] = EventVersion,
            ["eventSource"] = "aws:s3",
            ["awsRegion"] = region,
            ["eventTime"] = eventTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["eventName"] = name,
            ["userIdentity"] = new JsonObject { ["principalId"] = options.PrincipalId },
            ["requestParameters"] = new JsonObject { ["sourceIPAddress"] = options.SourceIPAddress },
            ["responseElements"] = new JsonObject
            {
                ["x-amz-request-id"] = options.RequestId ?? NewRequestId(),
                ["x-amz-id-2"] = options.HostId ?? NewHostId(),
            },
            ["s3"] = new JsonObject
            {
                ["s3SchemaVersion"] = SchemaVersion,
                ["configurationId"] = options.ConfigurationId,
                ["bucket"] = new JsonObject
                {
                    ["name"] = info.Bucket,
                    ["ownerIdentity"] = new JsonObject { ["principalId"] = options.BucketOwnerId },
                    ["arn"] = "arn:aws:s3:::" + info.Bucket,
                },
                ["object"] = s3Object,
            },
        };
    }

    /// <summary>
    /// Encodes an object key as S3 writes it into event notifications: form URL encoding of the
    /// UTF-8 bytes (a space becomes <c>+</c>), except that <c>/</c> stays as it is.
    /// </summary>
    /// <remarks>
    /// Letters, digits and <c>- _ . * /</c> are kept; every other byte becomes <c>%XX</c> with
    /// uppercase hex, so <c>a+b=c</c> becomes <c>a%2Bb%3Dc</c> and <c>é</c> becomes <c>%C3%A9</c>.
    /// </remarks>
    public static string EncodeKey(string key) => S3KeyEncoding.Encode(key);

    /// <summary>Decodes a key from an event notification back into the object key (the inverse of <see cref="EncodeKey"/>).</summary>
    public static string DecodeKey(string encodedKey) => S3KeyEncoding.Decode(encodedKey);

    /// <summary>
    /// Returns the event name without the <c>s3:</c> prefix, after checking that it names one event
    /// type (<c>ObjectCreated:Put</c>, <c>TestEvent</c>) and not a pattern.
    /// </summary>
    public static string NormalizeEventName(string eventName)
    {
        ArgumentNullException.ThrowIfNull(eventName);
        var name = eventName.StartsWith("s3:", StringComparison.Ordinal) ? eventName[3..] : eventName;
        if (name.Length == 0 || name[0] == ':' || name[^1] == ':' || name.Any(c => c == '*' || char.IsWhiteSpace(c)))
        {
            throw new ArgumentException(
                $"The event name '{eventName}' is invalid: use one event type such as 'ObjectCreated:Put' or 'ObjectRemoved:Delete'.",
                nameof(eventName));
        }

        return name;
    }

    private static string NewRequestId() => RandomNumberGenerator.GetHexString(16);

    private static string NewHostId() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
}
