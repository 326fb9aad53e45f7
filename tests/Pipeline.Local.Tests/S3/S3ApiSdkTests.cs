using System.Net;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.S3.Transfer;
using Amazon.S3.Util;
using Pipeline.Local.Storage;

namespace Pipeline.Local.Tests.S3;

public sealed class S3ApiSdkTests : IAsyncLifetime
{
    private S3ApiFixture _fixture = null!;

    public async Task InitializeAsync()
    {
        _fixture = await S3ApiFixture.StartAsync();
        await _fixture.Store.CreateBucketAsync("data");
    }

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task PutObject_ThenGetObject_RoundTripsBytesAndETag()
    {
        var content = Encoding.UTF8.GetBytes("id,label\n1,0\n2,1\n");

        var put = await _fixture.Client.PutObjectAsync(new PutObjectRequest { BucketName = "data", Key = "incoming/iris/data.csv", InputStream = new MemoryStream(content) });
        using var get = await _fixture.Client.GetObjectAsync("data", "incoming/iris/data.csv");

        var md5 = S3ApiFixture.Md5Hex(content);
        Assert.Equal($"\"{md5}\"", put.ETag);
        Assert.Equal(content, await ReadAllAsync(get.ResponseStream));
        Assert.Equal($"\"{md5}\"", get.ETag);
        Assert.Equal(content.Length, get.ContentLength);
        Assert.Equal("text/csv", get.Headers.ContentType);
        Assert.Equal(content, await File.ReadAllBytesAsync(_fixture.Store.GetObjectFilePath("data", "incoming/iris/data.csv")));
    }

    [Fact]
    public async Task PutObject_ThroughApi_RaisesObjectCreated()
    {
        var events = new List<(ObjectInfo Info, string EventName)>();
        _fixture.Store.ObjectCreated += (info, eventName, _) =>
        {
            events.Add((info, eventName));
            return Task.CompletedTask;
        };

        await _fixture.Client.PutObjectAsync(new PutObjectRequest { BucketName = "data", Key = "incoming/x.csv", ContentBody = "a,b\n" });

        var (info, eventName) = Assert.Single(events);
        Assert.Equal("ObjectCreated:Put", eventName);
        Assert.Equal("incoming/x.csv", info.Key);
        Assert.Equal(4, info.Size);
    }

    [Theory]
    [InlineData("my data/file 1+2%.csv")]
    [InlineData("caf\u00e9/\u6570\u636e \U0001F600.csv")]
    [InlineData("query?a=b&c=d#frag.txt")]
    [InlineData("plus+plus/semi;colon:comma,.csv")]
    [InlineData("folder/")]
    public async Task PutObject_OddKey_RoundTripsAndLists(string key)
    {
        await _fixture.Client.PutObjectAsync(new PutObjectRequest { BucketName = "data", Key = key, ContentBody = key.EndsWith('/') ? string.Empty : "x" });

        using var get = await _fixture.Client.GetObjectAsync("data", key);
        var listed = await _fixture.Client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "data" });
        var listedUrl = await _fixture.Client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "data", Encoding = EncodingType.Url });

        Assert.Equal(key.EndsWith('/') ? 0 : 1, get.ContentLength);
        Assert.Equal(key, Assert.Single(listed.S3Objects).Key);
        // The .NET SDK returns keys of an encoding-type=url listing as sent, so the caller decodes them.
        Assert.Equal(key, Uri.UnescapeDataString(Assert.Single(listedUrl.S3Objects).Key));
    }

    [Fact]
    public async Task PutObject_EmptyBody_StoresEmptyObject()
    {
        await _fixture.Client.PutObjectAsync(new PutObjectRequest { BucketName = "data", Key = "empty.csv", InputStream = new MemoryStream() });

        var metadata = await _fixture.Client.GetObjectMetadataAsync("data", "empty.csv");

        Assert.Equal(0, metadata.ContentLength);
        Assert.Equal("\"d41d8cd98f00b204e9800998ecf8427e\"", metadata.ETag);
    }

    [Fact]
    public async Task PutObject_KeyOf1024Bytes_IsAcceptedAndLongerRejected()
    {
        var longest = string.Join('/', Enumerable.Repeat(new string('x', 250), 4)) + "/" + new string('y', 20);
        Assert.Equal(ObjectKeys.MaxKeyBytes, Encoding.UTF8.GetByteCount(longest));
        await _fixture.Client.PutObjectAsync(new PutObjectRequest { BucketName = "data", Key = longest, ContentBody = "1" });

        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() =>
            _fixture.Client.PutObjectAsync(new PutObjectRequest { BucketName = "data", Key = longest + "y", ContentBody = "1" }));

        Assert.Equal("1", await ReadAllTextAsync("data", longest));
        Assert.Equal("KeyTooLongError", error.ErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
    }

    [Fact]
    public async Task PutObject_KeyPartLongerThanFileName_ThrowsInvalidArgument()
    {
        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() =>
            _fixture.Client.PutObjectAsync(new PutObjectRequest { BucketName = "data", Key = "dir/" + new string('x', 300), ContentBody = "1" }));

        Assert.Equal("InvalidArgument", error.ErrorCode);
        Assert.Contains("Shorten that part of the key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetObject_MissingKey_ThrowsNoSuchKey()
    {
        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _fixture.Client.GetObjectAsync("data", "nope.csv"));

        Assert.Equal("NoSuchKey", error.ErrorCode);
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal("The specified key does not exist.", error.Message);
    }

    [Fact]
    public async Task GetObject_MissingBucket_ThrowsNoSuchBucket()
    {
        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _fixture.Client.GetObjectAsync("nobucket", "k"));

        Assert.Equal("NoSuchBucket", error.ErrorCode);
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task GetObjectMetadata_MissingKey_Returns404()
    {
        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _fixture.Client.GetObjectMetadataAsync("data", "nope"));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task GetObject_Ranges_ReturnRequestedBytes()
    {
        await _fixture.Client.PutObjectAsync(new PutObjectRequest { BucketName = "data", Key = "digits.txt", ContentBody = "0123456789" });

        using var middle = await _fixture.Client.GetObjectAsync(new GetObjectRequest { BucketName = "data", Key = "digits.txt", ByteRange = new ByteRange(2, 5) });
        using var suffix = await _fixture.Client.GetObjectAsync(new GetObjectRequest { BucketName = "data", Key = "digits.txt", ByteRange = new ByteRange("bytes=-3") });
        using var open = await _fixture.Client.GetObjectAsync(new GetObjectRequest { BucketName = "data", Key = "digits.txt", ByteRange = new ByteRange("bytes=8-") });
        var invalid = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() =>
            _fixture.Client.GetObjectAsync(new GetObjectRequest { BucketName = "data", Key = "digits.txt", ByteRange = new ByteRange(20, 30) }));

        Assert.Equal("2345", Encoding.UTF8.GetString(await ReadAllAsync(middle.ResponseStream)));
        Assert.Equal(HttpStatusCode.PartialContent, middle.HttpStatusCode);
        Assert.Equal("bytes 2-5/10", middle.ContentRange);
        Assert.Equal("789", Encoding.UTF8.GetString(await ReadAllAsync(suffix.ResponseStream)));
        Assert.Equal("89", Encoding.UTF8.GetString(await ReadAllAsync(open.ResponseStream)));
        Assert.Equal("InvalidRange", invalid.ErrorCode);
        Assert.Equal((HttpStatusCode)416, invalid.StatusCode);
    }

    [Fact]
    public async Task ListBuckets_CreatedBuckets_AreListed()
    {
        await _fixture.Client.PutBucketAsync("second-bucket");

        var buckets = await _fixture.Client.ListBucketsAsync();

        Assert.Equal(["data", "second-bucket"], buckets.Buckets.Select(b => b.BucketName).ToArray());
        Assert.True(await AmazonS3Util.DoesS3BucketExistV2Async(_fixture.Client, "second-bucket"));
        Assert.False(await AmazonS3Util.DoesS3BucketExistV2Async(_fixture.Client, "missing-bucket"));
    }

    [Fact]
    public async Task DeleteBucket_NotEmptyThenEmpty_DeletesOnlyWhenEmpty()
    {
        await _fixture.Client.PutBucketAsync("scratch");
        await _fixture.Client.PutObjectAsync(new PutObjectRequest { BucketName = "scratch", Key = "dir/file.csv", ContentBody = "1" });

        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _fixture.Client.DeleteBucketAsync("scratch"));
        await _fixture.Client.DeleteObjectAsync("scratch", "dir/file.csv");
        await _fixture.Client.DeleteBucketAsync("scratch");

        Assert.Equal("BucketNotEmpty", error.ErrorCode);
        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
        Assert.DoesNotContain("scratch", _fixture.Store.ListBuckets());
    }

    [Fact]
    public async Task GetObject_ResponseOverrides_ReplaceHeaders()
    {
        await _fixture.Client.PutObjectAsync(new PutObjectRequest { BucketName = "data", Key = "report.csv", ContentBody = "1" });

        using var response = await _fixture.Client.GetObjectAsync(new GetObjectRequest
        {
            BucketName = "data",
            Key = "report.csv",
            ResponseHeaderOverrides = new ResponseHeaderOverrides { ContentType = "application/x-custom", ContentDisposition = "attachment; filename=\"r.csv\"" },
        });

        Assert.Equal("application/x-custom", response.Headers.ContentType);
        Assert.Equal("attachment; filename=\"r.csv\"", response.Headers.ContentDisposition);
    }

    [Fact]
    public async Task PutBucket_Existing_ThrowsBucketAlreadyOwnedByYou()
    {
        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _fixture.Client.PutBucketAsync("data"));

        Assert.Equal("BucketAlreadyOwnedByYou", error.ErrorCode);
        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
    }

    [Fact]
    public async Task PutBucket_InvalidName_ThrowsInvalidBucketName()
    {
        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _fixture.Client.PutBucketAsync("Bad_Name"));

        Assert.Equal("InvalidBucketName", error.ErrorCode);
    }

    [Fact]
    public async Task ListObjectsV2_DelimiterAndPages_ListsEachEntryOnce()
    {
        string[] keys = ["a.csv", "dir1/x.csv", "dir1/y.csv", "dir2/sub/z.csv", "dir3/", "e.csv", "f.csv"];
        foreach (var key in keys)
        {
            await _fixture.Client.PutObjectAsync(new PutObjectRequest { BucketName = "data", Key = key, ContentBody = "1" });
        }

        var seenKeys = new List<string>();
        var seenPrefixes = new List<string>();
        var pages = 0;
        var request = new ListObjectsV2Request { BucketName = "data", Delimiter = "/", MaxKeys = 2 };
        ListObjectsV2Response page;
        do
        {
            page = await _fixture.Client.ListObjectsV2Async(request);
            pages++;
            seenKeys.AddRange(page.S3Objects?.Select(o => o.Key) ?? []);
            seenPrefixes.AddRange(page.CommonPrefixes ?? []);
            Assert.True(page.KeyCount <= 2);
            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);

        Assert.Equal(["a.csv", "e.csv", "f.csv"], seenKeys);
        Assert.Equal(["dir1/", "dir2/", "dir3/"], seenPrefixes);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task ListObjectsV2_PrefixAndStartAfter_FiltersKeys()
    {
        foreach (var key in new[] { "in/a.csv", "in/b.csv", "in/c.csv", "out/d.csv" })
        {
            await _fixture.Client.PutObjectAsync(new PutObjectRequest { BucketName = "data", Key = key, ContentBody = "1" });
        }

        var listed = await _fixture.Client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "data", Prefix = "in/", StartAfter = "in/a.csv" });

        Assert.Equal(["in/b.csv", "in/c.csv"], listed.S3Objects.Select(o => o.Key).ToArray());
        Assert.Equal(1, listed.S3Objects[0].Size);
        Assert.Equal(S3StorageClass.Standard, listed.S3Objects[0].StorageClass);
        Assert.False(listed.IsTruncated);
    }

    [Fact]
    public async Task ListObjects_Version1Marker_PagesThroughKeys()
    {
        foreach (var key in new[] { "k1", "k2", "k3" })
        {
            await _fixture.Client.PutObjectAsync(new PutObjectRequest { BucketName = "data", Key = key, ContentBody = "1" });
        }

        var first = await _fixture.Client.ListObjectsAsync(new ListObjectsRequest { BucketName = "data", MaxKeys = 2 });
        var second = await _fixture.Client.ListObjectsAsync(new ListObjectsRequest { BucketName = "data", MaxKeys = 2, Marker = first.NextMarker });

        Assert.Equal(["k1", "k2"], first.S3Objects.Select(o => o.Key).ToArray());
        Assert.True(first.IsTruncated);
        Assert.Equal(["k3"], second.S3Objects.Select(o => o.Key).ToArray());
        Assert.False(second.IsTruncated);
    }

    [Fact]
    public async Task DeleteObject_ExistingAndMissing_Succeed()
    {
        await _fixture.Client.PutObjectAsync(new PutObjectRequest { BucketName = "data", Key = "gone.csv", ContentBody = "1" });

        var deleted = await _fixture.Client.DeleteObjectAsync("data", "gone.csv");
        var missing = await _fixture.Client.DeleteObjectAsync("data", "never.csv");

        Assert.Equal(HttpStatusCode.NoContent, deleted.HttpStatusCode);
        Assert.Equal(HttpStatusCode.NoContent, missing.HttpStatusCode);
        Assert.Null(await _fixture.Store.HeadObjectAsync("data", "gone.csv"));
    }

    [Fact]
    public async Task DeleteObjects_SeveralKeys_DeletesAndReportsEach()
    {
        foreach (var key in new[] { "a", "b c", "d+e" })
        {
            await _fixture.Client.PutObjectAsync(new PutObjectRequest { BucketName = "data", Key = key, ContentBody = "1" });
        }

        var result = await _fixture.Client.DeleteObjectsAsync(new DeleteObjectsRequest
        {
            BucketName = "data",
            Objects = [new KeyVersion { Key = "a" }, new KeyVersion { Key = "b c" }, new KeyVersion { Key = "d+e" }, new KeyVersion { Key = "missing" }],
        });
        var remaining = await _fixture.Client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "data" });

        Assert.Equal(["a", "b c", "d+e", "missing"], result.DeletedObjects.Select(d => d.Key).Order(StringComparer.Ordinal).ToArray());
        Assert.Empty(result.DeleteErrors ?? []);
        Assert.Empty(remaining.S3Objects ?? []);
    }

    [Fact]
    public async Task CopyObject_ToNewKey_CopiesBytes()
    {
        await _fixture.Client.PutObjectAsync(new PutObjectRequest { BucketName = "data", Key = "src/a b.csv", ContentBody = "copy me" });
        await _fixture.Client.PutBucketAsync("other");

        var copied = await _fixture.Client.CopyObjectAsync("data", "src/a b.csv", "other", "dst/c+d.csv");

        Assert.Equal("copy me", await ReadAllTextAsync("other", "dst/c+d.csv"));
        Assert.Equal($"\"{S3ApiFixture.Md5Hex(Encoding.UTF8.GetBytes("copy me"))}\"", copied.ETag);
    }

    [Fact]
    public async Task CopyObject_OntoItself_ThrowsInvalidRequest()
    {
        await _fixture.Client.PutObjectAsync(new PutObjectRequest { BucketName = "data", Key = "same.csv", ContentBody = "1" });

        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _fixture.Client.CopyObjectAsync("data", "same.csv", "data", "same.csv"));

        Assert.Equal("InvalidRequest", error.ErrorCode);
    }

    [Fact]
    public async Task CopyObject_MissingSource_ThrowsNoSuchKey()
    {
        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _fixture.Client.CopyObjectAsync("data", "none.csv", "data", "dst.csv"));

        Assert.Equal("NoSuchKey", error.ErrorCode);
    }

    [Fact]
    public async Task TransferUtility_LargeFile_UploadsInPartsAndDownloads()
    {
        // Above TransferUtility's 16 MB threshold, so the upload is multipart.
        var content = new byte[(17 * 1024 * 1024) + 123];
        new Random(3).NextBytes(content);
        var file = Path.Combine(_fixture.Root, "large.bin");
        await File.WriteAllBytesAsync(file, content);
        using var transfer = new TransferUtility(_fixture.Client);

        await transfer.UploadAsync(new TransferUtilityUploadRequest { BucketName = "data", Key = "big/large.bin", FilePath = file, PartSize = 5 * 1024 * 1024 });
        var downloaded = Path.Combine(_fixture.Root, "downloaded.bin");
        await transfer.DownloadAsync(new TransferUtilityDownloadRequest { BucketName = "data", Key = "big/large.bin", FilePath = downloaded });

        Assert.Equal(content, await File.ReadAllBytesAsync(downloaded));
        Assert.True(Directory.Exists(_fixture.MultipartFolder));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_fixture.MultipartFolder));
    }

    [Fact]
    public async Task CompleteMultipartUpload_SmallFirstPart_ThrowsEntityTooSmall()
    {
        var upload = await _fixture.Client.InitiateMultipartUploadAsync("data", "mp.bin");
        var part1 = await UploadPartAsync(upload.UploadId, 1, 100);
        var part2 = await UploadPartAsync(upload.UploadId, 2, 100);

        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _fixture.Client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = "data",
            Key = "mp.bin",
            UploadId = upload.UploadId,
            PartETags = [new PartETag(1, part1.ETag), new PartETag(2, part2.ETag)],
        }));

        Assert.Equal("EntityTooSmall", error.ErrorCode);
    }

    [Fact]
    public async Task CompleteMultipartUpload_WrongETag_ThrowsInvalidPart()
    {
        var upload = await _fixture.Client.InitiateMultipartUploadAsync("data", "mp.bin");
        await UploadPartAsync(upload.UploadId, 1, 100);

        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _fixture.Client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = "data",
            Key = "mp.bin",
            UploadId = upload.UploadId,
            PartETags = [new PartETag(1, "\"00000000000000000000000000000000\"")],
        }));

        Assert.Equal("InvalidPart", error.ErrorCode);
    }

    [Fact]
    public async Task AbortMultipartUpload_ThenUploadPart_ThrowsNoSuchUpload()
    {
        var upload = await _fixture.Client.InitiateMultipartUploadAsync("data", "mp.bin");
        await UploadPartAsync(upload.UploadId, 1, 100);

        await _fixture.Client.AbortMultipartUploadAsync("data", "mp.bin", upload.UploadId);
        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => UploadPartAsync(upload.UploadId, 2, 100));

        Assert.Equal("NoSuchUpload", error.ErrorCode);
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_fixture.MultipartFolder));
    }

    [Fact]
    public async Task CompleteMultipartUpload_SinglePart_StoresObject()
    {
        var upload = await _fixture.Client.InitiateMultipartUploadAsync("data", "one part.bin");
        var part = await UploadPartAsync(upload.UploadId, 1, 1000, key: "one part.bin");

        var completed = await _fixture.Client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = "data",
            Key = "one part.bin",
            UploadId = upload.UploadId,
            PartETags = [new PartETag(1, part.ETag)],
        });

        var stored = await _fixture.Store.HeadObjectAsync("data", "one part.bin");
        Assert.Equal(1000, stored!.Size);
        Assert.Equal("one part.bin", completed.Key);
        Assert.Equal(S3ApiQuoted(stored.ETag), completed.ETag);
    }

    private static string S3ApiQuoted(string etag) => $"\"{etag}\"";

    private Task<UploadPartResponse> UploadPartAsync(string uploadId, int partNumber, int size, string key = "mp.bin")
    {
        var bytes = new byte[size];
        new Random(partNumber).NextBytes(bytes);
        return _fixture.Client.UploadPartAsync(new UploadPartRequest
        {
            BucketName = "data",
            Key = key,
            UploadId = uploadId,
            PartNumber = partNumber,
            InputStream = new MemoryStream(bytes),
        });
    }

    private async Task<string> ReadAllTextAsync(string bucket, string key)
    {
        using var response = await _fixture.Client.GetObjectAsync(bucket, key);
        return Encoding.UTF8.GetString(await ReadAllAsync(response.ResponseStream));
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        return buffer.ToArray();
    }
}
