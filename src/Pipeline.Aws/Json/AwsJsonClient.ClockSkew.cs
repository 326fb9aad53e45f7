namespace Pipeline.Aws.Json;

public sealed partial class AwsJsonClient
{
    /// <summary>Error codes AWS services return for a signature made with a clock too far from theirs.</summary>
    private static readonly HashSet<string> ClockSkewErrorCodes = new(StringComparer.Ordinal)
    {
        "RequestTimeTooSkewed",
        "RequestExpired",
        "RequestInTheFuture",
        "InvalidSignatureException",
        "SignatureDoesNotMatch",
        "AuthFailure",
    };

    /// <summary>AWS rejects signatures more than 5 minutes off; a smaller difference is not treated as skew.</summary>
    private static readonly TimeSpan SkewTolerance = TimeSpan.FromMinutes(4);

    private long _clockOffsetTicks;

    /// <summary>The correction added to the local clock when signing, learned from the service's <c>Date</c> header.</summary>
    public TimeSpan ClockOffset => TimeSpan.FromTicks(Interlocked.Read(ref _clockOffsetTicks));

    /// <summary>
    /// Adjusts <see cref="ClockOffset"/> when <paramref name="error"/> is a signature-time error and the
    /// response's <c>Date</c> differs from the signing clock by more than 4 minutes, as the AWS SDKs do.
    /// Returns whether the request should be signed again and resent.
    /// </summary>
    private bool TryCorrectClockSkew(AwsServiceErrorException error, HttpResponseMessage response)
    {
        if (!ClockSkewErrorCodes.Contains(error.ErrorCode) || response.Headers.Date is not { } serverTime)
        {
            return false;
        }

        var signingTime = _timeProvider.GetUtcNow() + ClockOffset;
        if ((serverTime - signingTime).Duration() <= SkewTolerance)
        {
            return false;
        }

        Interlocked.Exchange(ref _clockOffsetTicks, (serverTime - _timeProvider.GetUtcNow()).Ticks);
        return true;
    }
}
