using System.Net;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using Pipeline.Local.Storage;

namespace Pipeline.Local.Tests.S3;

public sealed class S3ApiSdkTests : IAsyncLifetime
{
    private S3ApiFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await S3ApiFixture.StartAsync();

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task PutObject_ThenGetObject_RoundTripsBytesAndETag()
    {
        await _fixture.Client.PutBucketAsync("data");
        var content = Encoding.UTF8.GetBytes("id,label\n1,0\n2,1\n");

        var put = await _fixture.Client.PutObjectAsync(new PutObjectRequest { BucketName = "data", Key = "incoming/iris/data.csv", InputStream = new MemoryStream(content) });
        using var get = await _fixture.Client.GetObjectAsync("data", "incoming/iris/data.csv");
        using var reader = new MemoryStream();
        await get.ResponseStream.CopyToAsync(reader);

        var md5 = S3ApiFixture.Md5Hex(content);
        Assert.Equal($"\"{md5}\"", put.ETag);
        Assert.Equal(content, reader.ToArray());
        Assert.Equal($"\"{md5}\"", get.ETag);
        Assert.Equal(content.Length, get.ContentLength);
        Assert.Equal("text/csv", get.Headers.ContentType);
        Assert.Equal(content, await File.ReadAllBytesAsync(_fixture.Store.GetObjectFilePath("data", "incoming/iris/data.csv")));
    }
}
