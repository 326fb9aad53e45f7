using Amazon.Runtime;
using Pipeline.Aws.Json;
using Pipeline.Aws.Signing;

namespace Pipeline.Aws.Tests;

internal static class TestClients
{
    public static readonly SigV4Credentials Credentials = new("AKIDTEST", "test-secret-key");

    public static AwsRetryOptions NoDelayRetry(int maxAttempts = 3) => new() { MaxAttempts = maxAttempts, BaseDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero };

    public static AwsJsonClient JsonClient(AwsService service, LocalAwsServer server, AwsRetryOptions? retry = null, string? sessionToken = null)
    {
        AWSCredentials credentials = sessionToken is null
            ? new BasicAWSCredentials(Credentials.AccessKeyId, Credentials.SecretAccessKey)
            : new SessionAWSCredentials(Credentials.AccessKeyId, Credentials.SecretAccessKey, sessionToken);
        return new AwsJsonClient(service, server.Endpoint, "eu-west-1", new AwsCredentialsSource(credentials), retry: retry ?? NoDelayRetry());
    }
}
