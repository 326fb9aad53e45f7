using System.Net;

namespace Pipeline.Aws;

/// <summary>Error codes the clients classify: throttling codes of the AWS SDKs' standard retry mode.</summary>
public static class AwsErrorCodes
{
    private static readonly HashSet<string> ThrottlingCodes = new(StringComparer.Ordinal)
    {
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "RequestThrottledException",
        "TooManyRequestsException",
        "ProvisionedThroughputExceededException",
        "TransactionInProgressException",
        "RequestLimitExceeded",
        "BandwidthLimitExceeded",
        "LimitExceededException",
        "RequestThrottled",
        "SlowDown",
        "PriorRequestNotComplete",
        "EC2ThrottledException",
    };

    private static readonly HashSet<string> TransientCodes = new(StringComparer.Ordinal)
    {
        "RequestTimeout",
        "RequestTimeoutException",
        "InternalFailure",
        "InternalServerError",
        "InternalServerException",
        "ServiceUnavailable",
        "ServiceUnavailableException",
    };

    /// <summary>Whether <paramref name="errorCode"/> is a throttling error.</summary>
    public static bool IsThrottling(string errorCode) => ThrottlingCodes.Contains(errorCode);

    /// <summary>Whether a request that failed with this code and status may succeed when sent again.</summary>
    public static bool IsRetryable(string errorCode, HttpStatusCode statusCode) =>
        IsThrottling(errorCode)
        || TransientCodes.Contains(errorCode)
        || statusCode == HttpStatusCode.TooManyRequests
        || (int)statusCode >= 500;
}
