using System.Net;
using System.Text;
using System.Xml.Linq;

namespace Pipeline.Local.Tests.S3;

/// <summary>Requests written by hand, for wire details that SDKs hide: aws-chunked framing, digests, error documents.</summary>
public sealed class S3ApiHttpTests : IAsyncLifetime
{
    private S3ApiFixture _fixture = null!;

    public async Task InitializeAsync()
    {
        _fixture = await S3ApiFixture.StartAsync();
        await _fixture.Store.CreateBucketAsync("data");
    }

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task PutObject_SignedAwsChunked_StoresDecodedBytes()
    {
        var body = "10;chunk-signature=ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648\r\n"
            + "0123456789abcdef\r\n"
            + "5;chunk-signature=0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497\r\n"
            + "ghijk\r\n"
            + "0;chunk-signature=b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9\r\n\r\n";

        using var response = await PutChunkedAsync("chunked.txt", body, "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", decodedLength: 21);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("0123456789abcdefghijk", await File.ReadAllTextAsync(_fixture.Store.GetObjectFilePath("data", "chunked.txt")));
        Assert.Equal($"\"{S3ApiFixture.Md5Hex("0123456789abcdefghijk"u8.ToArray())}\"", response.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task PutObject_UnsignedChunkedWithTrailer_StoresDecodedBytes()
    {
        var body = "7\r\nhello, \r\n6\r\nworld!\r\n0\r\nx-amz-checksum-crc32:WJiNEw==\r\n\r\n";

        using var response = await PutChunkedAsync("trailer.txt", body, "STREAMING-UNSIGNED-PAYLOAD-TRAILER", decodedLength: 13, trailer: "x-amz-checksum-crc32");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("hello, world!", await File.ReadAllTextAsync(_fixture.Store.GetObjectFilePath("data", "trailer.txt")));
    }

    [Fact]
    public async Task PutObject_ChunkedWithWrongTrailerChecksum_RejectsWithBadDigest()
    {
        var body = "7\r\nhello, \r\n6\r\nworld!\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n";

        using var response = await PutChunkedAsync("bad-trailer.txt", body, "STREAMING-UNSIGNED-PAYLOAD-TRAILER", decodedLength: 13, trailer: "x-amz-checksum-crc32");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("BadDigest", (await ErrorOf(response)).Code);
        Assert.Null(await _fixture.Store.HeadObjectAsync("data", "bad-trailer.txt"));
    }

    [Theory]
    [InlineData("x-amz-checksum-crc32", "QixqFQ==", HttpStatusCode.OK)]
    [InlineData("x-amz-checksum-crc32c", "9ONpcA==", HttpStatusCode.OK)]
    [InlineData("x-amz-checksum-sha256", "I59Z7VXnN8dxR89VrQwbAwttfudIp0JpUvm4UtWpNeU=", HttpStatusCode.OK)]
    [InlineData("x-amz-checksum-crc32", "9ONpcA==", HttpStatusCode.BadRequest)]
    public async Task PutObject_ChecksumHeader_IsVerified(string header, string value, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "data/checked.txt") { Content = new StringContent("payload") };
        request.Headers.Add(header, value);

        using var response = await _fixture.Http.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(expected == HttpStatusCode.OK, await _fixture.Store.HeadObjectAsync("data", "checked.txt") is not null);
    }

    [Fact]
    public async Task PutObject_ChunkedLengthMismatch_RejectsAndStoresNothing()
    {
        var body = "5;chunk-signature=00\r\nhello\r\n0;chunk-signature=00\r\n\r\n";

        using var response = await PutChunkedAsync("short.txt", body, "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", decodedLength: 9);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("IncompleteBody", (await ErrorOf(response)).Code);
        Assert.Null(await _fixture.Store.HeadObjectAsync("data", "short.txt"));
    }

    [Fact]
    public async Task PutObject_TruncatedChunk_RejectsAndStoresNothing()
    {
        var body = "10;chunk-signature=00\r\nonly-ten-b";

        using var response = await PutChunkedAsync("cut.txt", body, "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", decodedLength: 16);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(await _fixture.Store.HeadObjectAsync("data", "cut.txt"));
    }

    [Fact]
    public async Task PutObject_WrongContentMd5_RejectsWithBadDigest()
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "data/digest.txt") { Content = new StringContent("payload") };
        request.Content.Headers.ContentMD5 = new byte[16];

        using var response = await _fixture.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("BadDigest", (await ErrorOf(response)).Code);
        Assert.Null(await _fixture.Store.HeadObjectAsync("data", "digest.txt"));
    }

    [Fact]
    public async Task PutObject_WrongContentSha256_RejectsWithMismatch()
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "data/sha.txt") { Content = new StringContent("payload") };
        request.Headers.Add("x-amz-content-sha256", new string('a', 64));

        using var response = await _fixture.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("XAmzContentSHA256Mismatch", (await ErrorOf(response)).Code);
    }

    [Fact]
    public async Task GetObject_MissingKey_ReturnsS3ErrorDocument()
    {
        using var response = await _fixture.Http.GetAsync("data/missing%20file.csv");

        var error = await ErrorOf(response);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/xml", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("NoSuchKey", error.Code);
        Assert.Equal("The specified key does not exist.", error.Root.Element("Message")!.Value);
        Assert.Equal("missing file.csv", error.Root.Element("Key")!.Value);
        Assert.Matches("^[0-9A-F]{16}$", error.Root.Element("RequestId")!.Value);
        Assert.Equal(error.Root.Element("RequestId")!.Value, response.Headers.GetValues("x-amz-request-id").Single());
    }

    [Fact]
    public async Task ListObjects_MissingBucket_ReturnsNoSuchBucketDocument()
    {
        using var response = await _fixture.Http.GetAsync("nobucket?list-type=2");

        var error = await ErrorOf(response);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("NoSuchBucket", error.Code);
        Assert.Equal("nobucket", error.Root.Element("BucketName")!.Value);
    }

    [Fact]
    public async Task HeadObject_Missing_Returns404WithoutBody()
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, "data/none");

        using var response = await _fixture.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task ListObjectsV2_EncodingTypeUrl_EncodesKeysAndPrefixes()
    {
        await _fixture.Store.PutObjectAsync("data", "a b/c+d.csv", new MemoryStream("1"u8.ToArray()));
        await _fixture.Store.PutObjectAsync("data", "top+level.csv", new MemoryStream("1"u8.ToArray()));

        using var response = await _fixture.Http.GetAsync("data?list-type=2&delimiter=%2F&encoding-type=url");
        var root = XElement.Parse(await response.Content.ReadAsStringAsync());
        XNamespace s3 = "http://s3.amazonaws.com/doc/2006-03-01/";

        Assert.Equal("top%2Blevel.csv", root.Element(s3 + "Contents")!.Element(s3 + "Key")!.Value);
        Assert.Equal("a%20b/", root.Element(s3 + "CommonPrefixes")!.Element(s3 + "Prefix")!.Value);
        Assert.Equal("url", root.Element(s3 + "EncodingType")!.Value);
        Assert.Equal("2", root.Element(s3 + "KeyCount")!.Value);
    }

    [Fact]
    public async Task ListObjectsV2_InvalidContinuationToken_ReturnsInvalidArgument()
    {
        using var response = await _fixture.Http.GetAsync("data?list-type=2&continuation-token=not-a-token");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("InvalidArgument", (await ErrorOf(response)).Code);
    }

    [Fact]
    public async Task CompleteMultipartUpload_PartsOutOfOrder_ReturnsInvalidPartOrder()
    {
        using var initiated = await _fixture.Http.PostAsync("data/mp.bin?uploads", null);
        var uploadId = XElement.Parse(await initiated.Content.ReadAsStringAsync()).Elements().Single(e => e.Name.LocalName == "UploadId").Value;
        using var part1 = await _fixture.Http.PutAsync($"data/mp.bin?partNumber=1&uploadId={uploadId}", new ByteArrayContent(new byte[5 * 1024 * 1024]));
        using var part2 = await _fixture.Http.PutAsync($"data/mp.bin?partNumber=2&uploadId={uploadId}", new ByteArrayContent(new byte[10]));
        var xml = $"""
            <CompleteMultipartUpload>
              <Part><PartNumber>2</PartNumber><ETag>{part2.Headers.ETag!.Tag}</ETag></Part>
              <Part><PartNumber>1</PartNumber><ETag>{part1.Headers.ETag!.Tag}</ETag></Part>
            </CompleteMultipartUpload>
            """;

        using var completed = await _fixture.Http.PostAsync($"data/mp.bin?uploadId={uploadId}", new StringContent(xml));

        Assert.Equal(HttpStatusCode.BadRequest, completed.StatusCode);
        Assert.Equal("InvalidPartOrder", (await ErrorOf(completed)).Code);
        Assert.Null(await _fixture.Store.HeadObjectAsync("data", "mp.bin"));
    }

    [Fact]
    public async Task DeleteObjects_MalformedXml_ReturnsMalformedXML()
    {
        using var response = await _fixture.Http.PostAsync("data?delete", new StringContent("<Delete><Object><Key>a</Key>"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("MalformedXML", (await ErrorOf(response)).Code);
    }

    [Fact]
    public async Task UnsupportedSubresource_ReturnsNotImplemented()
    {
        using var response = await _fixture.Http.GetAsync("data?tagging");

        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
        Assert.Equal("NotImplemented", (await ErrorOf(response)).Code);
    }

    [Fact]
    public async Task RootPath_OutsidePrefix_IsNotServedByS3()
    {
        using var client = new HttpClient { BaseAddress = new Uri(_fixture.EndpointUrl.Replace("/s3", "/", StringComparison.Ordinal)) };

        using var root = await client.PostAsync("/", new StringContent("{}"));
        using var bucketLike = await client.GetAsync("/data");

        Assert.Equal(HttpStatusCode.NotFound, root.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, bucketLike.StatusCode);
    }

    private async Task<HttpResponseMessage> PutChunkedAsync(string key, string body, string contentSha256, long decodedLength, string? trailer = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "data/" + key) { Content = new ByteArrayContent(Encoding.ASCII.GetBytes(body)) };
        request.Headers.Add("x-amz-content-sha256", contentSha256);
        request.Headers.Add("x-amz-decoded-content-length", decodedLength.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Content.Headers.ContentEncoding.Add("aws-chunked");
        if (trailer is not null)
        {
            request.Headers.Add("x-amz-trailer", trailer);
        }

        return await _fixture.Http.SendAsync(request);
    }

    private static async Task<(string Code, XElement Root)> ErrorOf(HttpResponseMessage response)
    {
        var root = XElement.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Error", root.Name.LocalName);
        return (root.Element("Code")!.Value, root);
    }
}
