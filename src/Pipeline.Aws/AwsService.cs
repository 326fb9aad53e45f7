namespace Pipeline.Aws;

/// <summary>
/// How to reach one AWS service: its signing name, endpoint prefix, the environment suffix of its
/// endpoint override, and for JSON-protocol services the <c>X-Amz-Target</c> prefix and JSON version.
/// </summary>
/// <param name="SigningName">The service name in the SigV4 credential scope, for example <c>states</c>.</param>
/// <param name="EndpointPrefix">The host prefix of the default endpoint, for example <c>api.sagemaker</c>.</param>
/// <param name="EnvironmentSuffix">The suffix of <c>AWS_ENDPOINT_URL_&lt;SUFFIX&gt;</c>, for example <c>SFN</c>.</param>
/// <param name="TargetPrefix">The prefix of <c>X-Amz-Target</c>, for example <c>AWSStepFunctions</c>; empty for S3.</param>
/// <param name="JsonVersion">The JSON protocol version in the content type: <c>1.0</c> or <c>1.1</c>; empty for S3.</param>
public sealed record AwsService(string SigningName, string EndpointPrefix, string EnvironmentSuffix, string TargetPrefix, string JsonVersion)
{
    /// <summary>AWS Step Functions (<c>awsJson1_0</c>).</summary>
    public static AwsService StepFunctions { get; } = new("states", "states", "SFN", "AWSStepFunctions", "1.0");

    /// <summary>Amazon SageMaker (<c>awsJson1_1</c>).</summary>
    public static AwsService SageMaker { get; } = new("sagemaker", "api.sagemaker", "SAGEMAKER", "SageMaker", "1.1");

    /// <summary>AWS Glue (<c>awsJson1_1</c>).</summary>
    public static AwsService Glue { get; } = new("glue", "glue", "GLUE", "AWSGlue", "1.1");

    /// <summary>Amazon CloudWatch metrics and alarms (<c>awsJson1_0</c>; the service also accepts the older query protocol).</summary>
    public static AwsService CloudWatch { get; } = new("monitoring", "monitoring", "CLOUDWATCH", "GraniteServiceVersion20100801", "1.0");

    /// <summary>Amazon S3 (REST-XML, through AWSSDK.S3).</summary>
    public static AwsService S3 { get; } = new("s3", "s3", "S3", string.Empty, string.Empty);

    /// <summary>The <c>Content-Type</c> of JSON-protocol requests, for example <c>application/x-amz-json-1.0</c>.</summary>
    public string ContentType => $"application/x-amz-json-{JsonVersion}";
}
