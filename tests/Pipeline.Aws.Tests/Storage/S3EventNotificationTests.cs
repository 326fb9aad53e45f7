using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Aws.Storage;

namespace Pipeline.Aws.Tests.Storage;

public sealed class S3EventNotificationTests
{
    /// <summary>The example message of the Amazon S3 documentation "Event message structure", trimmed to one record.</summary>
    private const string DocumentationExample = """
        {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-west-2","eventTime":"1970-01-01T00:00:00.000Z",
        "eventName":"ObjectCreated:Put","userIdentity":{"principalId":"AIDAJDPLRKLG7UEXAMPLE"},"requestParameters":{"sourceIPAddress":"127.0.0.1"},
        "responseElements":{"x-amz-request-id":"C3D13FE58DE4C810","x-amz-id-2":"FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD"},
        "s3":{"s3SchemaVersion":"1.0","configurationId":"testConfigRule","bucket":{"name":"mybucket","ownerIdentity":{"principalId":"A3NL1KOZZKExample"},"arn":"arn:aws:s3:::mybucket"},
        "object":{"key":"HappyFace.jpg","size":1024,"eTag":"d41d8cd98f00b204e9800998ecf8427e","versionId":"096fKKXTRTtl3on89fVO.nfljtsv6qko","sequencer":"0055AED6DCD90281E5"}}}]}
        """;

    [Fact]
    public void Deserialize_DocumentationExample_ReadsEveryMember()
    {
        var notification = JsonSerializer.Deserialize<S3EventNotification>(DocumentationExample)!;

        var record = Assert.Single(notification.Records!);
        Assert.Equal("2.1", record.EventVersion);
        Assert.Equal("aws:s3", record.EventSource);
        Assert.Equal("ObjectCreated:Put", record.EventName);
        Assert.Equal("mybucket", record.S3!.Bucket!.Name);
        Assert.Equal("HappyFace.jpg", record.S3.Object!.DecodedKey);
        Assert.Equal(1024, record.S3.Object.Size);
        Assert.Equal("d41d8cd98f00b204e9800998ecf8427e", record.S3.Object.ETag);
        Assert.Equal("096fKKXTRTtl3on89fVO.nfljtsv6qko", record.S3.Object.VersionId);
        Assert.Equal("0055AED6DCD90281E5", record.S3.Object.Sequencer);
    }

    [Fact]
    public void Deserialize_SizeAbove32Bits_IsRead()
    {
        var json = DocumentationExample.Replace("\"size\":1024", "\"size\":5497558138880", StringComparison.Ordinal);

        var notification = JsonSerializer.Deserialize<S3EventNotification>(json)!;

        Assert.Equal(5_497_558_138_880L, notification.Records![0].S3!.Object!.Size);
    }

    [Fact]
    public void Create_OddKey_SerializesInS3Shape()
    {
        var record = S3EventRecord.Create("ObjectCreated:Put", "us-east-1", new DateTimeOffset(2026, 12, 4, 20, 15, 30, 123, TimeSpan.Zero), "b", "incoming/ds/my file+1é.csv", 10, "abc", null, "01");

        var json = JsonNode.Parse(JsonSerializer.Serialize(new S3EventNotification { Records = [record] }))!;

        var s3Object = json["Records"]![0]!["s3"]!["object"]!;
        Assert.Equal("incoming/ds/my+file%2B1%C3%A9.csv", (string?)s3Object["key"]);
        Assert.Equal("2026-12-04T20:15:30.123Z", (string?)json["Records"]![0]!["eventTime"]);
        Assert.Equal("b", (string?)json["Records"]![0]!["s3"]!["bucket"]!["name"]);
        Assert.Equal("incoming/ds/my file+1é.csv", S3EventObject.DecodeKey((string)s3Object["key"]!));
    }

    [Theory]
    [InlineData("0055AED6DCD90281E5", "0055AED6DCD90281E6", -1)]
    [InlineData("0055AED6DCD90281E5", "0055AED6DCD90281E500", 0)]
    [InlineData("0055AED6DCD90281E5", "0055AED6DCD90281E501", -1)]
    [InlineData("0055aed6dcd90281f0", "0055AED6DCD90281E5", 1)]
    public void CompareSequencers_Pairs_OrderAsS3Documents(string left, string right, int sign)
    {
        Assert.Equal(sign, Math.Sign(S3EventObject.CompareSequencers(left, right)));
    }
}
