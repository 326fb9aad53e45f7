using System.Net;
using System.Text.Json.Nodes;
using Pipeline.Aws.Json;
using Pipeline.Aws.SageMaker;
using Pipeline.Aws.StepFunctions;

namespace Pipeline.Aws.Tests.Json;

public sealed class AwsJsonClientTests
{
    [Fact]
    public async Task StartExecution_RealRequest_IsSignedAndShapedAsStepFunctionsJson10()
    {
        using var server = new LocalAwsServer(TestClients.Credentials, _ => new ServerResponse(200, """{"executionArn":"arn:aws:states:eu-west-1:123456789012:execution:m:e1","startDate":1.7e9}"""));
        using var json = TestClients.JsonClient(AwsService.StepFunctions, server);
        var client = new StepFunctionsClient(json);

        var response = await client.StartExecutionAsync(new StartExecutionRequest { StateMachineArn = "arn:aws:states:eu-west-1:123456789012:stateMachine:m", Name = "e1", Input = "{}" });

        var request = Assert.Single(server.Requests);
        Assert.True(request.SignatureValid, request.SignatureDetail);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/", request.Path);
        Assert.Equal("AWSStepFunctions.StartExecution", request.Headers["X-Amz-Target"]);
        Assert.Equal("application/x-amz-json-1.0", request.Headers["Content-Type"]);
        Assert.Contains("/eu-west-1/states/aws4_request", request.Headers["Authorization"], StringComparison.Ordinal);
        Assert.Contains("content-type;host;x-amz-date;x-amz-target", request.Headers["Authorization"], StringComparison.Ordinal);
        var body = JsonNode.Parse(request.BodyText)!.AsObject();
        Assert.Equal("arn:aws:states:eu-west-1:123456789012:stateMachine:m", (string?)body["stateMachineArn"]);
        Assert.Equal("e1", (string?)body["name"]);
        Assert.Equal("{}", (string?)body["input"]);
        Assert.False(body.ContainsKey("traceHeader"));
        Assert.Equal("arn:aws:states:eu-west-1:123456789012:execution:m:e1", response.ExecutionArn);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), response.StartDate);
    }

    [Fact]
    public async Task ListModelPackages_RealRequest_IsSignedAndShapedAsSageMakerJson11()
    {
        using var server = new LocalAwsServer(TestClients.Credentials, _ => new ServerResponse(200, """
            {"ModelPackageSummaryList":[{"ModelPackageArn":"arn:aws:sagemaker:eu-west-1:1:model-package/g/3","ModelPackageGroupName":"g","ModelPackageVersion":3,"CreationTime":1700000000.5,"ModelApprovalStatus":"Approved"}],"NextToken":"t2"}
            """));
        using var json = TestClients.JsonClient(AwsService.SageMaker, server);
        var client = new SageMakerClient(json);

        var response = await client.ListModelPackagesAsync(new ListModelPackagesRequest { ModelPackageGroupName = "g", ModelApprovalStatus = "Approved", SortBy = "CreationTime", SortOrder = "Descending" });

        var request = Assert.Single(server.Requests);
        Assert.True(request.SignatureValid, request.SignatureDetail);
        Assert.Equal("SageMaker.ListModelPackages", request.Headers["X-Amz-Target"]);
        Assert.Equal("application/x-amz-json-1.1", request.Headers["Content-Type"]);
        Assert.Contains("/eu-west-1/sagemaker/aws4_request", request.Headers["Authorization"], StringComparison.Ordinal);
        var body = JsonNode.Parse(request.BodyText)!.AsObject();
        Assert.Equal("g", (string?)body["ModelPackageGroupName"]);
        Assert.Equal("Approved", (string?)body["ModelApprovalStatus"]);
        Assert.Equal("CreationTime", (string?)body["SortBy"]);
        Assert.Equal("Descending", (string?)body["SortOrder"]);
        var summary = Assert.Single(response.ModelPackageSummaryList);
        Assert.Equal(3, summary.ModelPackageVersion);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_500), summary.CreationTime);
        Assert.Equal("t2", response.NextToken);
    }

    [Fact]
    public async Task SendAsync_SessionToken_IsSentAndSigned()
    {
        using var server = new LocalAwsServer(TestClients.Credentials, _ => new ServerResponse(200, "{}"));
        using var client = TestClients.JsonClient(AwsService.Glue, server, sessionToken: "token-1");

        await client.SendAsync("GetJobRun", new JsonObject { ["JobName"] = "j", ["RunId"] = "r" });

        var request = Assert.Single(server.Requests);
        Assert.True(request.SignatureValid, request.SignatureDetail);
        Assert.Equal("token-1", request.Headers["X-Amz-Security-Token"]);
        Assert.Contains("x-amz-security-token", request.Headers["Authorization"], StringComparison.Ordinal);
        Assert.Equal("AWSGlue.GetJobRun", request.Headers["X-Amz-Target"]);
    }

    [Theory]
    [InlineData("""{"__type":"com.amazonaws.swf.service.model#ExecutionAlreadyExists","message":"Execution Already Exists: 'arn'"}""", "ExecutionAlreadyExists", "Execution Already Exists: 'arn'")]
    [InlineData("""{"__type":"ValidationException","Message":"1 validation error detected"}""", "ValidationException", "1 validation error detected")]
    [InlineData("""{"__type":"aws.protocoltests#InvalidInput:http://internal.amazon.com/coral/","message":"bad"}""", "InvalidInput", "bad")]
    public async Task SendAsync_ErrorResponse_RaisesTypedError(string body, string expectedCode, string expectedMessage)
    {
        using var server = new LocalAwsServer(TestClients.Credentials, _ => new ServerResponse(400, body, new Dictionary<string, string> { ["x-amzn-RequestId"] = "req-42" }));
        using var client = TestClients.JsonClient(AwsService.StepFunctions, server);

        var error = await Assert.ThrowsAsync<AwsServiceErrorException>(() => client.SendAsync("StartExecution", new JsonObject()));

        Assert.Equal(expectedCode, error.ErrorCode);
        Assert.Equal(expectedMessage, error.Message);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("req-42", error.RequestId);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task SendAsync_ErrorTypeHeader_TakesPrecedenceOverBody()
    {
        using var server = new LocalAwsServer(TestClients.Credentials, _ => new ServerResponse(404, """{"message":"no such package"}""", new Dictionary<string, string> { ["X-Amzn-ErrorType"] = "ResourceNotFound:http://internal/" }));
        using var client = TestClients.JsonClient(AwsService.SageMaker, server);

        var error = await Assert.ThrowsAsync<AwsServiceErrorException>(() => client.SendAsync("DescribeModelPackage", new JsonObject()));

        Assert.Equal("ResourceNotFound", error.ErrorCode);
        Assert.Equal("no such package", error.Message);
    }

    [Theory]
    [InlineData(400, """{"__type":"ThrottlingException","message":"Rate exceeded"}""")]
    [InlineData(500, """{"__type":"InternalFailure","message":"oops"}""")]
    [InlineData(503, "<html>Service Unavailable</html>")]
    public async Task SendAsync_TransientErrorThenSuccess_Retries(int status, string body)
    {
        var calls = 0;
        using var server = new LocalAwsServer(TestClients.Credentials, _ => Interlocked.Increment(ref calls) < 3 ? new ServerResponse(status, body) : new ServerResponse(200, """{"ok":true}"""));
        using var client = TestClients.JsonClient(AwsService.StepFunctions, server, TestClients.NoDelayRetry(3));

        var response = await client.SendAsync("DescribeExecution", new JsonObject { ["executionArn"] = "a" });

        Assert.True((bool?)response["ok"]);
        Assert.Equal(3, server.Requests.Count);
        Assert.All(server.Requests, request => Assert.True(request.SignatureValid, request.SignatureDetail));
    }

    [Fact]
    public async Task SendAsync_ThrottledOnEveryAttempt_GivesUpAfterMaxAttempts()
    {
        using var server = new LocalAwsServer(TestClients.Credentials, _ => new ServerResponse(400, """{"__type":"ThrottlingException","message":"Rate exceeded"}"""));
        using var client = TestClients.JsonClient(AwsService.StepFunctions, server, TestClients.NoDelayRetry(4));

        var error = await Assert.ThrowsAsync<AwsServiceErrorException>(() => client.SendAsync("StartExecution", new JsonObject()));

        Assert.Equal("ThrottlingException", error.ErrorCode);
        Assert.True(error.IsRetryable);
        Assert.Equal(4, server.Requests.Count);
    }

    [Fact]
    public async Task SendAsync_ValidationError_IsNotRetried()
    {
        using var server = new LocalAwsServer(TestClients.Credentials, _ => new ServerResponse(400, """{"__type":"ValidationException","message":"bad"}"""));
        using var client = TestClients.JsonClient(AwsService.SageMaker, server, TestClients.NoDelayRetry(5));

        var error = await Assert.ThrowsAsync<AwsServiceErrorException>(() => client.SendAsync("ListModelPackages", new JsonObject()));

        Assert.False(error.IsRetryable);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task SendAsync_NonJsonServerError_KeepsBodyAsMessage()
    {
        using var server = new LocalAwsServer(TestClients.Credentials, _ => new ServerResponse(502, "Bad gateway from proxy"));
        using var client = TestClients.JsonClient(AwsService.StepFunctions, server, TestClients.NoDelayRetry(1));

        var error = await Assert.ThrowsAsync<AwsServiceErrorException>(() => client.SendAsync("StartExecution", new JsonObject()));

        Assert.Equal("InternalFailure", error.ErrorCode);
        Assert.Equal(HttpStatusCode.BadGateway, error.StatusCode);
        Assert.Equal("Bad gateway from proxy", error.Message);
    }

    [Fact]
    public async Task SendAsync_ConnectionRefused_RetriesThenThrows()
    {
        int port;
        using (var server = new LocalAwsServer(TestClients.Credentials, _ => new ServerResponse(200, "{}")))
        {
            port = server.Port;
        }

        using var client = new AwsJsonClient(
            AwsService.StepFunctions,
            new Uri($"http://127.0.0.1:{port}/"),
            "us-east-1",
            new AwsCredentialsSource(new Amazon.Runtime.BasicAWSCredentials("a", "b")),
            retry: TestClients.NoDelayRetry(2));

        await Assert.ThrowsAsync<HttpRequestException>(() => client.SendAsync("StartExecution", new JsonObject()));
    }

    [Fact]
    public async Task SendAsync_UnreadableResponse_RaisesSerializationError()
    {
        using var server = new LocalAwsServer(TestClients.Credentials, _ => new ServerResponse(200, """{"executionArn":42}"""));
        using var json = TestClients.JsonClient(AwsService.StepFunctions, server);

        var error = await Assert.ThrowsAsync<AwsServiceErrorException>(() => new StepFunctionsClient(json).StartExecutionAsync(new StartExecutionRequest { StateMachineArn = "a" }));

        Assert.Equal("SerializationException", error.ErrorCode);
    }

    [Fact]
    public void Constructor_S3Service_IsRejected()
    {
        var exception = Assert.Throws<ArgumentException>(() => new AwsJsonClient(AwsService.S3, new Uri("http://127.0.0.1:1/"), "us-east-1", new AwsCredentialsSource(new Amazon.Runtime.BasicAWSCredentials("a", "b"))));

        Assert.Contains("JSON protocol", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TypedClient_OtherServiceJsonClient_IsRejected()
    {
        using var json = new AwsJsonClient(AwsService.Glue, new Uri("http://127.0.0.1:1/"), "us-east-1", new AwsCredentialsSource(new Amazon.Runtime.BasicAWSCredentials("a", "b")));

        Assert.Throws<ArgumentException>(() => new StepFunctionsClient(json));
        Assert.Throws<ArgumentException>(() => new SageMakerClient(json));
    }
}
