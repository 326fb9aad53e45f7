using System.Net;
using Pipeline.Aws.Json;

namespace Pipeline.Aws.Tests;

public sealed class AwsErrorCodesTests
{
    [Theory]
    [InlineData("ThrottlingException", HttpStatusCode.BadRequest, true)]
    [InlineData("TooManyRequestsException", HttpStatusCode.BadRequest, true)]
    [InlineData("SomethingNew", HttpStatusCode.TooManyRequests, true)]
    [InlineData("SomethingNew", HttpStatusCode.ServiceUnavailable, true)]
    [InlineData("ValidationException", HttpStatusCode.BadRequest, false)]
    [InlineData("ExecutionAlreadyExists", HttpStatusCode.BadRequest, false)]
    [InlineData("AccessDeniedException", HttpStatusCode.Forbidden, false)]
    public void IsRetryable_CodeAndStatus_MatchesStandardRetryMode(string code, HttpStatusCode status, bool retryable)
    {
        Assert.Equal(retryable, AwsErrorCodes.IsRetryable(code, status));
    }

    [Theory]
    [InlineData("com.amazonaws.sagemaker#ResourceNotFound", "ResourceNotFound")]
    [InlineData("ResourceNotFound:http://internal.amazon.com/", "ResourceNotFound")]
    [InlineData("a.b#C:d", "C")]
    [InlineData("  ", null)]
    [InlineData(null, null)]
    public void NormalizeErrorCode_Variants_ReturnsBareCode(string? raw, string? expected)
    {
        Assert.Equal(expected, AwsJsonClient.NormalizeErrorCode(raw));
    }
}
