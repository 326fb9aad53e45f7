using System.Globalization;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Microsoft.Extensions.Time.Testing;
using Pipeline.Aws.Json;

namespace Pipeline.Aws.Tests.Json;

public sealed class ClockSkewTests
{
    private static readonly DateTimeOffset ServerTime = new(2026, 12, 4, 20, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task SendAsync_ClockOneHourBehind_ResignsWithServerTime()
    {
        using var server = new LocalAwsServer(TestClients.Credentials, RespondLikeAws);
        var clock = new FakeTimeProvider(ServerTime.AddHours(-1));
        using var client = Create(server, clock);

        var response = await client.SendAsync("ListExecutions", new JsonObject());

        Assert.True((bool?)response["ok"]);
        var requests = server.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.Equal("20261204T190000Z", requests[0].Headers["X-Amz-Date"]);
        Assert.Equal("20261204T200000Z", requests[1].Headers["X-Amz-Date"]);
        Assert.True(requests[1].SignatureValid, requests[1].SignatureDetail);
        Assert.Equal(TimeSpan.FromHours(1), client.ClockOffset);
    }

    [Fact]
    public async Task SendAsync_SignatureErrorWithinTolerance_IsNotRetried()
    {
        using var server = new LocalAwsServer(TestClients.Credentials, _ => new ServerResponse(
            403,
            """{"__type":"InvalidSignatureException","message":"The request signature we calculated does not match"}""",
            new Dictionary<string, string> { ["Date"] = ServerTime.ToString("r", CultureInfo.InvariantCulture) }));
        using var client = Create(server, new FakeTimeProvider(ServerTime.AddMinutes(-1)));

        var error = await Assert.ThrowsAsync<AwsServiceErrorException>(() => client.SendAsync("ListExecutions", new JsonObject()));

        Assert.Equal("InvalidSignatureException", error.ErrorCode);
        Assert.Single(server.Requests);
        Assert.Equal(TimeSpan.Zero, client.ClockOffset);
    }

    private static ServerResponse RespondLikeAws(ReceivedRequest request)
    {
        var signedAt = DateTimeOffset.ParseExact(request.Headers["X-Amz-Date"], "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        var date = new Dictionary<string, string> { ["Date"] = ServerTime.ToString("r", CultureInfo.InvariantCulture) };
        return (signedAt - ServerTime).Duration() > TimeSpan.FromMinutes(5)
            ? new ServerResponse(400, """{"__type":"InvalidSignatureException","message":"Signature expired: 20261204T190000Z is now earlier than 20261204T195500Z"}""", date)
            : new ServerResponse(200, """{"ok":true}""", date);
    }

    private static AwsJsonClient Create(LocalAwsServer server, TimeProvider clock) => new(
        AwsService.StepFunctions,
        server.Endpoint,
        "us-east-1",
        new AwsCredentialsSource(new BasicAWSCredentials(TestClients.Credentials.AccessKeyId, TestClients.Credentials.SecretAccessKey)),
        timeProvider: clock,
        retry: TestClients.NoDelayRetry());
}
