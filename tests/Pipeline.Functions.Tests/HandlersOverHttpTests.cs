using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Aws.Signing;
using Pipeline.Aws.Tests;
using Pipeline.Functions.Tests.Fakes;

namespace Pipeline.Functions.Tests;

/// <summary>
/// The handlers built with their public constructors, reaching S3, Step Functions and SageMaker through
/// AWS_ENDPOINT_URL on a local server, as the local runtime runs them.
/// </summary>
public sealed class HandlersOverHttpTests
{
    private const string Csv = "diagnosis,radius\n1,17.99\n";
    private const string ETag = "9b2cf535f27731c974343645a3985328";

    [Fact]
    public async Task DataArrived_EndpointOverride_ReadsS3AndStartsExecution()
    {
        using var server = new LocalAwsServer(new SigV4Credentials("local", "local"), request => (request.Method, request.Path) switch
        {
            ("HEAD", "/data/incoming/breast-cancer/my%20data.csv") => new ServerResponse(200, string.Empty, new Dictionary<string, string> { ["ETag"] = $"\"{ETag}\"", ["Content-Length"] = "25" }),
            ("GET", "/data/config/breast-cancer.json") => new ServerResponse(200, """{"preprocessing":{"target":"diagnosis"}}"""),
            ("POST", "/") => new ServerResponse(200, """{"executionArn":"arn:aws:states:us-east-1:123456789012:execution:retrain:x","startDate":1700000000}"""),
            _ => new ServerResponse(404, "<Error><Code>NoSuchKey</Code><Message>not found</Message></Error>"),
        });
        var function = new Pipeline.Functions.DataArrived.Function(
            new Dictionary<string, string?>
            {
                ["STATE_MACHINE_ARN"] = "arn:aws:states:us-east-1:123456789012:stateMachine:retrain",
                ["AWS_REGION"] = "us-east-1",
                ["AWS_ENDPOINT_URL"] = server.Endpoint.ToString(),
            },
            NullLoggerFactory.Instance);
        var notification = S3Events.Notification(S3Events.Record("data", "incoming/breast-cancer/my+data.csv", 25, ETag));

        using var output = await function.HandleAsync(new MemoryStream(Encoding.UTF8.GetBytes(notification.ToJsonString())));

        var summary = JsonNode.Parse(output)!;
        Assert.Equal("arn:aws:states:us-east-1:123456789012:execution:retrain:x", (string?)summary["started"]![0]);
        var requests = server.Requests.ToArray();
        Assert.All(requests, request => Assert.True(request.SignatureValid, request.SignatureDetail));
        var start = Assert.Single(requests, request => request.Method == "POST");
        Assert.Equal("AWSStepFunctions.StartExecution", start.Headers["X-Amz-Target"]);
        var input = JsonNode.Parse((string)JsonNode.Parse(start.BodyText)!["input"]!)!;
        Assert.Equal("incoming/breast-cancer/my data.csv", (string?)input["source"]!["key"]);
    }

    [Fact]
    public async Task EvaluateCandidate_EndpointOverride_LooksUpChampion()
    {
        using var server = new LocalAwsServer(new SigV4Credentials("local", "local"), request => request.Headers["X-Amz-Target"] switch
        {
            "SageMaker.ListModelPackages" => new ServerResponse(200, """{"ModelPackageSummaryList":[{"ModelPackageArn":"arn:p/1","CreationTime":1}]}"""),
            "SageMaker.DescribeModelPackage" => new ServerResponse(200, """{"ModelPackageArn":"arn:p/1","CreationTime":1,"CustomerMetadataProperties":{"validation:auc":"0.9"}}"""),
            _ => new ServerResponse(400, """{"__type":"UnknownOperationException"}"""),
        });
        var function = new Pipeline.Functions.EvaluateCandidate.Function(
            new Dictionary<string, string?> { ["AWS_ENDPOINT_URL_SAGEMAKER"] = server.Endpoint.ToString() },
            NullLoggerFactory.Instance);
        var request = new JsonObject
        {
            ["trainingJob"] = new JsonObject { ["FinalMetricDataList"] = new JsonArray(new JsonObject { ["MetricName"] = "validation:auc", ["Value"] = 0.95 }) },
            ["promotion"] = new JsonObject { ["metric"] = "validation:auc" },
            ["modelPackageGroupName"] = "breast-cancer",
        };

        using var output = await function.HandleAsync(new MemoryStream(Encoding.UTF8.GetBytes(request.ToJsonString())));

        var result = JsonNode.Parse(output)!;
        Assert.True((bool?)result["promote"]);
        Assert.Equal(0.9, (double?)result["championValue"]);
        Assert.Equal("arn:p/1", (string?)result["championModelPackageArn"]);
        Assert.Equal(2, server.Requests.Count);
        Assert.All(server.Requests, received => Assert.True(received.SignatureValid, received.SignatureDetail));
    }
}
