using System.Text;
using System.Text.Json.Nodes;
using Pipeline.Local.S3;
using Pipeline.Local.Storage;

namespace Pipeline.Local.Tests.S3;

public sealed class S3EventNotificationTests : IDisposable
{
    private static readonly DateTimeOffset WriteTime = new(2026, 3, 1, 12, 30, 45, 123, TimeSpan.Zero);

    private readonly string _root = Path.Combine(Path.GetTempPath(), "s3-events-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public void Create_PutObject_HasEveryFieldS3Sends()
    {
        var info = new ObjectInfo("data-bucket", "incoming/iris/data.csv", 1234, "9b2cf535f27731c974343645a3985328", WriteTime, null, "0055AED6DCD90281E5");
        var options = new S3EventOptions { ConfigurationId = "DataArrivedS3Event", RequestId = "C3D13FE58DE4C810", HostId = "host-id" };

        var message = S3EventNotification.Create(info, "ObjectCreated:Put", "eu-west-1", options);

        var records = message["Records"]!.AsArray();
        Assert.Single(records);
        var record = records[0]!.AsObject();
        Assert.Equal(
            ["eventVersion", "eventSource", "awsRegion", "eventTime", "eventName", "userIdentity", "requestParameters", "responseElements", "s3"],
            record.Select(pair => pair.Key).ToArray());
        Assert.Equal("2.1", (string?)record["eventVersion"]);
        Assert.Equal("aws:s3", (string?)record["eventSource"]);
        Assert.Equal("eu-west-1", (string?)record["awsRegion"]);
        Assert.Equal("2026-03-01T12:30:45.123Z", (string?)record["eventTime"]);
        Assert.Equal("ObjectCreated:Put", (string?)record["eventName"]);
        Assert.Equal("AWS:LOCAL", (string?)record["userIdentity"]!["principalId"]);
        Assert.Equal("127.0.0.1", (string?)record["requestParameters"]!["sourceIPAddress"]);
        Assert.Equal("C3D13FE58DE4C810", (string?)record["responseElements"]!["x-amz-request-id"]);
        Assert.Equal("host-id", (string?)record["responseElements"]!["x-amz-id-2"]);

        var s3 = record["s3"]!;
        Assert.Equal("1.0", (string?)s3["s3SchemaVersion"]);
        Assert.Equal("DataArrivedS3Event", (string?)s3["configurationId"]);
        Assert.Equal("data-bucket", (string?)s3["bucket"]!["name"]);
        Assert.Equal("LOCAL", (string?)s3["bucket"]!["ownerIdentity"]!["principalId"]);
        Assert.Equal("arn:aws:s3:::data-bucket", (string?)s3["bucket"]!["arn"]);

        var s3Object = s3["object"]!.AsObject();
        Assert.Equal(["key", "size", "eTag", "sequencer"], s3Object.Select(pair => pair.Key).ToArray());
        Assert.Equal("incoming/iris/data.csv", (string?)s3Object["key"]);
        Assert.Equal(1234L, (long)s3Object["size"]!);
        Assert.Equal("9b2cf535f27731c974343645a3985328", (string?)s3Object["eTag"]);
        Assert.Equal("0055AED6DCD90281E5", (string?)s3Object["sequencer"]);
    }

    [Fact]
    public void Create_DefaultOptions_GeneratesRequestIds()
    {
        var info = new ObjectInfo("bucket", "k", 1, "e", WriteTime, null, "01");

        var first = S3EventNotification.CreateRecord(info, "ObjectCreated:Put", "us-east-1");
        var second = S3EventNotification.CreateRecord(info, "ObjectCreated:Put", "us-east-1");

        var requestId = (string)first["responseElements"]!["x-amz-request-id"]!;
        Assert.Matches("^[0-9A-F]{16}$", requestId);
        Assert.NotEqual(requestId, (string?)second["responseElements"]!["x-amz-request-id"]);
        Assert.False(string.IsNullOrEmpty((string?)first["responseElements"]!["x-amz-id-2"]));
    }

    [Fact]
    public void Create_EventTimeWithOffset_IsWrittenInUtc()
    {
        var local = new DateTimeOffset(2026, 3, 1, 14, 0, 0, 7, TimeSpan.FromHours(2));
        var info = new ObjectInfo("bucket", "k", 1, "e", local, null, "01");

        var record = S3EventNotification.CreateRecord(info, "ObjectCreated:Put", "us-east-1");

        Assert.Equal("2026-03-01T12:00:00.007Z", (string?)record["eventTime"]);
    }

    [Fact]
    public void Create_ObjectOver4GiB_WritesSizeAs64BitNumber()
    {
        var info = new ObjectInfo("bucket", "big.bin", 5_368_709_120L, "abc-640", WriteTime, null, "01");

        var record = S3EventNotification.CreateRecord(info, "ObjectCreated:CompleteMultipartUpload", "us-east-1");

        Assert.Contains("\"size\":5368709120", record.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(5_368_709_120L, (long)record["s3"]!["object"]!["size"]!);
    }

    [Fact]
    public void Create_VersionedObject_WritesVersionId()
    {
        var info = new ObjectInfo("bucket", "k", 1, "e", WriteTime, "096fKKXTRTtl3on89fVO.nfljtsv6qko", "01");

        var s3Object = S3EventNotification.CreateRecord(info, "ObjectCreated:Put", "us-east-1")["s3"]!["object"]!.AsObject();

        Assert.Equal(["key", "size", "eTag", "versionId", "sequencer"], s3Object.Select(pair => pair.Key).ToArray());
        Assert.Equal("096fKKXTRTtl3on89fVO.nfljtsv6qko", (string?)s3Object["versionId"]);
    }

    [Fact]
    public void Create_ObjectRemoved_OmitsSizeAndETag()
    {
        var info = new ObjectInfo("bucket", "old/file.csv", 10, "e", WriteTime, null, "0A");

        var s3Object = S3EventNotification.CreateRecord(info, "ObjectRemoved:Delete", "us-east-1")["s3"]!["object"]!.AsObject();

        Assert.Equal(["key", "sequencer"], s3Object.Select(pair => pair.Key).ToArray());
    }

    [Theory]
    [InlineData("s3:ObjectCreated:Put", "ObjectCreated:Put")]
    [InlineData("ObjectCreated:Copy", "ObjectCreated:Copy")]
    [InlineData("s3:TestEvent", "TestEvent")]
    public void NormalizeEventName_ValidName_RemovesS3Prefix(string input, string expected) =>
        Assert.Equal(expected, S3EventNotification.NormalizeEventName(input));

    [Theory]
    [InlineData("s3:ObjectCreated:*")]
    [InlineData("")]
    [InlineData("ObjectCreated:")]
    [InlineData("Object Created:Put")]
    public void NormalizeEventName_PatternOrMalformed_ThrowsNamingValue(string input)
    {
        var error = Assert.Throws<ArgumentException>(() => S3EventNotification.NormalizeEventName(input));
        Assert.Contains($"'{input}'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("red flower.jpg", "red+flower.jpg")]
    [InlineData("a+b.csv", "a%2Bb.csv")]
    [InlineData("100%.csv", "100%25.csv")]
    [InlineData("something/dt=2018-05-04/_SUCCESS", "something/dt%3D2018-05-04/_SUCCESS")]
    [InlineData("test/10:47:07.log", "test/10%3A47%3A07.log")]
    [InlineData("caf\u00e9/na\u00efve.csv", "caf%C3%A9/na%C3%AFve.csv")]
    [InlineData("emoji/\U0001F600.csv", "emoji/%F0%9F%98%80.csv")]
    [InlineData("a~b(c)!d'e&f,g;h@i$j#k?l[m]", "a%7Eb%28c%29%21d%27e%26f%2Cg%3Bh%40i%24j%23k%3Fl%5Bm%5D")]
    [InlineData("keep-_.*/", "keep-_.*/")]
    [InlineData("folder/", "folder/")]
    public void EncodeKey_SpecialCharacters_EncodesAsS3(string key, string expected)
    {
        Assert.Equal(expected, S3EventNotification.EncodeKey(key));
        Assert.Equal(key, S3EventNotification.DecodeKey(expected));
    }

    [Fact]
    public void DecodeKey_MalformedEscape_KeepsPercentSign()
    {
        Assert.Equal("50%off", S3EventNotification.DecodeKey("50%off"));
        Assert.Equal("end%", S3EventNotification.DecodeKey("end%"));
        Assert.Equal("a%2", S3EventNotification.DecodeKey("a%2"));
    }

    [Fact]
    public void EncodeKey_LongestKey_RoundTrips()
    {
        // 1024 bytes of UTF-8 is S3's maximum key length; every character here needs escaping.
        var key = string.Concat(Enumerable.Repeat("\u00e9 ", 341)) + "x";
        Assert.Equal(ObjectKeys.MaxKeyBytes, Encoding.UTF8.GetByteCount(key));

        var encoded = S3EventNotification.EncodeKey(key);

        Assert.Equal(341 * 7 + 1, encoded.Length);
        Assert.Equal(key, S3EventNotification.DecodeKey(encoded));
    }

    [Theory]
    [InlineData("incoming/my data set/file 1.csv")]
    [InlineData("incoming/\u00fcber/\u6570\u636e.csv")]
    [InlineData("incoming/a+b%20c.csv")]
    [InlineData("incoming/folder/")]
    [InlineData("incoming/empty.csv")]
    public async Task Create_StoredObjectWithOddKey_DecodesToStoredKey(string key)
    {
        var store = new FolderObjectStore(_root);
        await store.CreateBucketAsync("odd-keys");
        var events = new List<JsonObject>();
        store.ObjectCreated += (info, eventName, _) =>
        {
            events.Add(S3EventNotification.Create(info, eventName, "us-east-1"));
            return Task.CompletedTask;
        };

        await store.PutObjectAsync("odd-keys", key, new MemoryStream([]));

        var record = Assert.Single(events)["Records"]![0]!;
        var s3Object = record["s3"]!["object"]!;
        Assert.Equal("ObjectCreated:Put", (string?)record["eventName"]);
        Assert.Equal(key, S3EventNotification.DecodeKey((string)s3Object["key"]!));
        Assert.Equal(0L, (long)s3Object["size"]!);
        Assert.Equal("d41d8cd98f00b204e9800998ecf8427e", (string?)s3Object["eTag"]);
        Assert.Null(s3Object["versionId"]);
        Assert.Matches("^[0-9A-F]+$", (string)s3Object["sequencer"]!);
    }
}
