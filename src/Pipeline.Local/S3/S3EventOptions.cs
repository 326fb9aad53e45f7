namespace Pipeline.Local.S3;

/// <summary>
/// The request and configuration fields of an S3 event notification that the object itself does not determine.
/// </summary>
public sealed record S3EventOptions
{
    /// <summary>Defaults that describe a request made on this machine.</summary>
    public static S3EventOptions Default { get; } = new();

    /// <summary>
    /// The notification configuration's id. SAM names it after the function and event
    /// (for example <c>DataArrivedFunctionS3Event</c>); default <c>LocalNotification</c>.
    /// </summary>
    public string ConfigurationId { get; init; } = "LocalNotification";

    /// <summary>The <c>userIdentity.principalId</c> of the caller; default <c>AWS:LOCAL</c>.</summary>
    public string PrincipalId { get; init; } = "AWS:LOCAL";

    /// <summary>The <c>bucket.ownerIdentity.principalId</c>; default <c>LOCAL</c>.</summary>
    public string BucketOwnerId { get; init; } = "LOCAL";

    /// <summary>The <c>requestParameters.sourceIPAddress</c>; default <c>127.0.0.1</c>.</summary>
    public string SourceIPAddress { get; init; } = "127.0.0.1";

    /// <summary>The <c>x-amz-request-id</c>; when null, 16 random uppercase hex digits as S3 uses.</summary>
    public string? RequestId { get; init; }

    /// <summary>The <c>x-amz-id-2</c>; when null, a random base64 string.</summary>
    public string? HostId { get; init; }

    /// <summary>The <c>eventTime</c>; when null, the object's last-modified time.</summary>
    public DateTimeOffset? EventTime { get; init; }
}
