using System.Globalization;

namespace Pipeline.Aws.Storage;

public sealed partial record S3EventRecord
{
    /// <summary>
    /// Builds the record S3 (event version 2.1) sends for an object event, for emulators that deliver
    /// notifications themselves. The key is encoded as S3 encodes it and the time is written with milliseconds.
    /// </summary>
    /// <param name="eventName">The event type without the <c>s3:</c> prefix, for example <c>ObjectCreated:Put</c>.</param>
    /// <param name="eTag">The ETag without quotes.</param>
    /// <param name="sequencer">The hexadecimal ordering value; later events of a key must have greater values.</param>
    public static S3EventRecord Create(
        string eventName,
        string region,
        DateTimeOffset eventTime,
        string bucket,
        string key,
        long size,
        string eTag,
        string? versionId,
        string sequencer,
        string configurationId = "DataArrived")
    {
        ArgumentException.ThrowIfNullOrEmpty(eventName);
        ArgumentException.ThrowIfNullOrEmpty(bucket);
        ArgumentException.ThrowIfNullOrEmpty(key);
        return new S3EventRecord
        {
            EventVersion = "2.1",
            EventSource = "aws:s3",
            AwsRegion = region,
            EventTime = eventTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            EventName = eventName,
            UserIdentity = new S3UserIdentity { PrincipalId = "local" },
            RequestParameters = new S3RequestParameters { SourceIPAddress = "127.0.0.1" },
            ResponseElements = new Dictionary<string, string>(StringComparer.Ordinal),
            S3 = new S3EventEntity
            {
                S3SchemaVersion = "1.0",
                ConfigurationId = configurationId,
                Bucket = new S3EventBucket { Name = bucket, OwnerIdentity = new S3UserIdentity { PrincipalId = "local" }, Arn = "arn:aws:s3:::" + bucket },
                Object = new S3EventObject
                {
                    Key = S3EventObject.EncodeKey(key),
                    Size = size,
                    ETag = eTag,
                    VersionId = versionId,
                    Sequencer = sequencer,
                },
            },
        };
    }
}
