using System.Net;
using Pipeline.Aws.Storage;

namespace Pipeline.Aws.Tests.Storage;

public sealed class S3ObjectStorageClientTests
{
    private const string NoSuchKey = """<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>config/x.json</Key><RequestId>R404</RequestId></Error>""";

    [Fact]
    public async Task HeadObjectAsync_ExistingObject_ReturnsUnquotedETagSizeAndVersion()
    {
        using var server = new LocalAwsServer(TestClients.Credentials, _ => new ServerResponse(200, string.Empty, new Dictionary<string, string>
        {
            ["ETag"] = "\"9b2cf535f27731c974343645a3985328\"",
            ["Content-Length"] = "1234",
            ["x-amz-version-id"] = "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY",
            ["Last-Modified"] = "Fri, 04 Dec 2026 20:15:30 GMT",
        }));
        using var client = Create(server);

        var metadata = await client.HeadObjectAsync("pipeline-data", "incoming/breast-cancer/data.csv");

        Assert.NotNull(metadata);
        Assert.Equal("9b2cf535f27731c974343645a3985328", metadata.ETag);
        Assert.Equal(1234, metadata.ContentLength);
        Assert.Equal("3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY", metadata.VersionId);
        Assert.Equal(new DateTimeOffset(2026, 12, 4, 20, 15, 30, TimeSpan.Zero), metadata.LastModified);
        var request = Assert.Single(server.Requests);
        Assert.Equal("HEAD", request.Method);
        Assert.Equal("/pipeline-data/incoming/breast-cancer/data.csv", request.Path);
        Assert.True(request.SignatureValid, request.SignatureDetail);
        Assert.Contains("/us-west-2/s3/aws4_request", request.Headers["Authorization"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task HeadObjectAsync_MissingObject_ReturnsNull()
    {
        using var server = new LocalAwsServer(TestClients.Credentials, _ => new ServerResponse(404));
        using var client = Create(server);

        Assert.Null(await client.HeadObjectAsync("pipeline-data", "incoming/gone.csv"));
    }

    [Fact]
    public async Task GetObjectTextAsync_Utf8WithBom_ReturnsText()
    {
        using var server = new LocalAwsServer(TestClients.Credentials, _ => new ServerResponse(200, "\uFEFF{\"preprocessing\":{\"target\":\"é\"}}"));
        using var client = Create(server);

        var text = await client.GetObjectTextAsync("pipeline-data", "config/breast-cancer.json");

        Assert.Equal("{\"preprocessing\":{\"target\":\"é\"}}", text);
        var request = Assert.Single(server.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/pipeline-data/config/breast-cancer.json", request.Path);
        Assert.True(request.SignatureValid, request.SignatureDetail);
    }

    [Fact]
    public async Task GetObjectBytesAsync_MissingKey_RaisesNoSuchKey()
    {
        using var server = new LocalAwsServer(TestClients.Credentials, _ => new ServerResponse(404, NoSuchKey, new Dictionary<string, string> { ["Content-Type"] = "application/xml" }));
        using var client = Create(server);

        var error = await Assert.ThrowsAsync<AwsServiceErrorException>(() => client.GetObjectBytesAsync("pipeline-data", "config/x.json"));

        Assert.Equal("NoSuchKey", error.ErrorCode);
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task ListObjectsAsync_TwoPages_FollowsContinuationToken()
    {
        using var server = new LocalAwsServer(TestClients.Credentials, request => new ServerResponse(
            200,
            request.Query.Contains("continuation-token=page-2", StringComparison.Ordinal) ? SecondPage : FirstPage,
            new Dictionary<string, string> { ["Content-Type"] = "application/xml" }));
        using var client = Create(server);

        var objects = await client.ListObjectsAsync("pipeline-data", "incoming/").ToListAsync();

        Assert.Equal(["incoming/iris/a.csv", "incoming/iris/b.csv"], objects.Select(item => item.Key));
        Assert.Equal("9b2cf535f27731c974343645a3985328", objects[0].ETag);
        Assert.Equal(25, objects[0].Size);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero), objects[0].LastModified);
        var requests = server.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.All(requests, request => Assert.Contains("prefix=incoming%2F", request.Query, StringComparison.Ordinal));
        Assert.All(requests, request => Assert.Contains("list-type=2", request.Query, StringComparison.Ordinal));
        Assert.All(requests, request => Assert.True(request.SignatureValid, request.SignatureDetail));
    }

    [Fact]
    public void CreateConfig_NoOverride_UsesRegionalEndpoint()
    {
        var config = S3ObjectStorageClient.CreateConfig(new AwsEnvironment(new Dictionary<string, string?> { ["AWS_REGION"] = "eu-central-1" }));

        Assert.Equal("eu-central-1", config.RegionEndpoint?.SystemName);
        Assert.False(config.ForcePathStyle);
        Assert.Null(config.ServiceURL);
    }

    [Fact]
    public void CreateConfig_S3Override_UsesPathStyle()
    {
        var config = S3ObjectStorageClient.CreateConfig(new AwsEnvironment(new Dictionary<string, string?>
        {
            ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:1/",
            ["AWS_ENDPOINT_URL_S3"] = "http://127.0.0.1:4566/",
        }));

        Assert.Equal("http://127.0.0.1:4566/", config.ServiceURL);
        Assert.True(config.ForcePathStyle);
        Assert.Equal("us-east-1", config.AuthenticationRegion);
    }

    [Theory]
    [InlineData("\"abc\"", "abc")]
    [InlineData("abc", "abc")]
    [InlineData(" \"abc-2\" ", "abc-2")]
    [InlineData(null, "")]
    public void NormalizeETag_Value_DropsQuotes(string? eTag, string expected)
    {
        Assert.Equal(expected, ObjectMetadata.NormalizeETag(eTag));
    }

    private const string FirstPage = """
        <?xml version="1.0" encoding="UTF-8"?>
        <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>pipeline-data</Name><Prefix>incoming/</Prefix><KeyCount>1</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>true</IsTruncated><NextContinuationToken>page-2</NextContinuationToken>
        <Contents><Key>incoming/iris/a.csv</Key><LastModified>2026-12-01T08:00:00.000Z</LastModified><ETag>"9b2cf535f27731c974343645a3985328"</ETag><Size>25</Size><StorageClass>STANDARD</StorageClass></Contents></ListBucketResult>
        """;

    private const string SecondPage = """
        <?xml version="1.0" encoding="UTF-8"?>
        <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>pipeline-data</Name><Prefix>incoming/</Prefix><KeyCount>1</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>
        <Contents><Key>incoming/iris/b.csv</Key><LastModified>2026-12-02T08:00:00.000Z</LastModified><ETag>"0cc175b9c0f1b6a831c399e269772661"</ETag><Size>3</Size><StorageClass>STANDARD</StorageClass></Contents></ListBucketResult>
        """;

    private static S3ObjectStorageClient Create(LocalAwsServer server) =>
        S3ObjectStorageClient.Create(new AwsEnvironment(new Dictionary<string, string?>
        {
            ["AWS_REGION"] = "us-west-2",
            ["AWS_ENDPOINT_URL_S3"] = server.Endpoint.ToString(),
            ["AWS_ACCESS_KEY_ID"] = TestClients.Credentials.AccessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = TestClients.Credentials.SecretAccessKey,
        }));
}
