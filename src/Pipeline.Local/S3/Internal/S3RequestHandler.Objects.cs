using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;
using Pipeline.Local.Storage;

namespace Pipeline.Local.S3;

internal sealed partial class S3RequestHandler
{
    /// <summary>S3's maximum size of a single PUT: 5 GiB.</summary>
    private const long MaxPutBytes = 5L * 1024 * 1024 * 1024;

    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    private async Task PutObjectAsync(HttpContext context, string bucket, string key)
    {
        EnsureBucket(bucket);
        AllowLargeBody(context);
        var body = OpenPayload(context.Request);
        ObjectInfo info;
        await using (body.ConfigureAwait(false))
        {
            info = await _store.PutObjectAsync(bucket, key, body, context.RequestAborted).ConfigureAwait(false);
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.Headers.ETag = S3Xml.Quote(info.ETag);
        context.Response.ContentLength = 0;
    }

    private async Task GetObjectAsync(HttpContext context, string bucket, string key, bool includeBody)
    {
        EnsureBucket(bucket);
        var cancellationToken = context.RequestAborted;
        var info = await _store.HeadObjectAsync(bucket, key, cancellationToken).ConfigureAwait(false) ?? throw S3Error.NoSuchKey(key);
        var response = context.Response;
        var request = context.Request;
        var etag = S3Xml.Quote(info.ETag);
        if (request.Headers.IfMatch.Count > 0 && !request.Headers.IfMatch.ToString().Split(',').Any(tag => tag.Trim() == etag || tag.Trim() == "*"))
        {
            throw new S3Error(HttpStatusCode.PreconditionFailed, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold") { Details = [("Condition", "If-Match")] };
        }

        response.Headers.ETag = etag;
        response.Headers.LastModified = info.LastModified.ToString("R", CultureInfo.InvariantCulture);
        response.Headers.AcceptRanges = "bytes";
        response.ContentType = ContentTypes.TryGetContentType(key, out var contentType) ? contentType : "application/octet-stream";
        ApplyResponseOverrides(request.Query, response);
        if (request.Headers.IfNoneMatch.Count > 0 && request.Headers.IfNoneMatch.ToString().Split(',').Any(tag => tag.Trim() == etag || tag.Trim() == "*"))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        var (start, length) = ParseRange(request.Headers.Range.ToString(), info.Size);
        if (length != info.Size || start != 0)
        {
            response.StatusCode = StatusCodes.Status206PartialContent;
            response.Headers.ContentRange = $"bytes {start}-{start + length - 1}/{info.Size}";
        }
        else
        {
            response.StatusCode = StatusCodes.Status200OK;
        }

        response.ContentLength = length;
        if (!includeBody || length == 0)
        {
            return;
        }

        var stream = await _store.GetObjectAsync(bucket, key, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            stream.Seek(start, SeekOrigin.Begin);
            await CopyExactlyAsync(stream, response.Body, length, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task DeleteObjectAsync(HttpContext context, string bucket, string key)
    {
        EnsureBucket(bucket);

        // S3 returns 204 whether or not the key existed.
        await _store.DeleteObjectAsync(bucket, key, context.RequestAborted).ConfigureAwait(false);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private async Task CopyObjectAsync(HttpContext context, string bucket, string key)
    {
        EnsureBucket(bucket);
        var (sourceBucket, sourceKey) = ParseCopySource(context.Request.Headers["x-amz-copy-source"].ToString());
        var directive = context.Request.Headers["x-amz-metadata-directive"].ToString();
        if (sourceBucket == bucket && sourceKey == key && !string.Equals(directive, "REPLACE", StringComparison.OrdinalIgnoreCase))
        {
            throw new S3Error(HttpStatusCode.BadRequest, "InvalidRequest",
                "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.");
        }

        EnsureBucket(sourceBucket);
        var cancellationToken = context.RequestAborted;
        if (await _store.HeadObjectAsync(sourceBucket, sourceKey, cancellationToken).ConfigureAwait(false) is null)
        {
            throw S3Error.NoSuchKey(sourceKey);
        }

        ObjectInfo info;
        var source = await _store.GetObjectAsync(sourceBucket, sourceKey, cancellationToken).ConfigureAwait(false);
        await using (source.ConfigureAwait(false))
        {
            // NOTE: the store raises ObjectCreated:Put for the copy, where S3 sends ObjectCreated:Copy.
            info = await _store.PutObjectAsync(bucket, key, source, cancellationToken).ConfigureAwait(false);
        }

        await WriteXmlAsync(context, S3Xml.Element("CopyObjectResult",
            S3Xml.Element("LastModified", S3Xml.Timestamp(info.LastModified)),
            S3Xml.Element("ETag", S3Xml.Quote(info.ETag)))).ConfigureAwait(false);
    }

    /// <summary>
    /// Applies the <c>response-*</c> query parameters of GetObject (often set in presigned URLs), which
    /// replace the corresponding response headers.
    /// </summary>
    private static void ApplyResponseOverrides(IQueryCollection query, HttpResponse response)
    {
        (string Parameter, string Header)[] overrides =
        [
            ("response-content-type", HeaderNames.ContentType),
            ("response-content-language", HeaderNames.ContentLanguage),
            ("response-expires", HeaderNames.Expires),
            ("response-cache-control", HeaderNames.CacheControl),
            ("response-content-disposition", HeaderNames.ContentDisposition),
            ("response-content-encoding", HeaderNames.ContentEncoding),
        ];
        foreach (var (parameter, header) in overrides)
        {
            if (query.TryGetValue(parameter, out var value) && value.Count > 0)
            {
                response.Headers[header] = value.ToString();
            }
        }
    }

    /// <summary>
    /// Opens the object bytes of a request body: decodes <c>aws-chunked</c> framing and checks
    /// <c>Content-MD5</c> and a hex <c>x-amz-content-sha256</c> as the body is read.
    /// </summary>
    private static Stream OpenPayload(HttpRequest request)
    {
        var contentSha256 = request.Headers["x-amz-content-sha256"].ToString();
        var encoding = request.Headers.ContentEncoding.ToString();
        Stream body = request.Body;
        if (contentSha256.StartsWith("STREAMING-", StringComparison.Ordinal) || encoding.Contains("aws-chunked", StringComparison.OrdinalIgnoreCase))
        {
            long? decodedLength = long.TryParse(request.Headers["x-amz-decoded-content-length"], NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
            body = new AwsChunkedStream(body, decodedLength, S3Checksum.Create(request.Headers["x-amz-trailer"].ToString()));
        }

        // A checksum sent as a header (rather than as an aws-chunked trailer) covers the whole body.
        (S3Checksum Checksum, string Expected)? headerChecksum = null;
        foreach (var name in (string[])["x-amz-checksum-crc32", "x-amz-checksum-crc32c", "x-amz-checksum-sha1", "x-amz-checksum-sha256"])
        {
            if (request.Headers.TryGetValue(name, out var expected) && expected.Count > 0)
            {
                headerChecksum = (S3Checksum.Create(name)!, expected.ToString());
                break;
            }
        }

        byte[]? md5 = null;
        var contentMd5 = request.Headers.ContentMD5.ToString();
        if (contentMd5.Length > 0)
        {
            try
            {
                md5 = Convert.FromBase64String(contentMd5);
            }
            catch (FormatException)
            {
                md5 = null;
            }

            if (md5 is not { Length: 16 })
            {
                throw new S3Error(HttpStatusCode.BadRequest, "InvalidDigest", "The Content-MD5 you specified was invalid.");
            }
        }

        byte[]? sha256 = null;
        if (contentSha256.Length == 64 && contentSha256.All(char.IsAsciiHexDigit))
        {
            sha256 = Convert.FromHexString(contentSha256);
        }

        return md5 is null && sha256 is null && headerChecksum is null ? body : new ContentVerifyingStream(body, md5, sha256, headerChecksum);
    }

    private static void AllowLargeBody(HttpContext context)
    {
        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false })
        {
            // Room for the aws-chunked framing around S3's largest single PUT.
            feature.MaxRequestBodySize = MaxPutBytes + (64 * 1024 * 1024);
        }
    }

    /// <summary>Returns the byte range to send for a <c>Range</c> header; an absent or multi-range header selects the whole object.</summary>
    private static (long Start, long Length) ParseRange(string header, long size)
    {
        if (string.IsNullOrEmpty(header) || !RangeHeaderValue.TryParse(header, out var range)
            || !string.Equals(range.Unit.Value, "bytes", StringComparison.OrdinalIgnoreCase) || range.Ranges.Count != 1)
        {
            return (0, size);
        }

        var item = range.Ranges.Single();
        long start;
        long end;
        if (item.From is null)
        {
            var suffix = Math.Min(item.To ?? 0, size);
            start = size - suffix;
            end = size - 1;
        }
        else
        {
            start = item.From.Value;
            end = Math.Min(item.To ?? (size - 1), size - 1);
        }

        if (start >= size || end < start)
        {
            throw new S3Error((HttpStatusCode)416, "InvalidRange", "The requested range is not satisfiable")
            {
                Details = [("RangeRequested", header), ("ActualObjectSize", size.ToString(CultureInfo.InvariantCulture))],
            };
        }

        return (start, end - start + 1);
    }

    private static (string Bucket, string Key) ParseCopySource(string header)
    {
        var source = header;
        var query = source.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0)
        {
            source = source[..query];
        }

        source = Uri.UnescapeDataString(source).TrimStart('/');
        var slash = source.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == source.Length - 1)
        {
            throw S3Error.InvalidArgument("Copy Source must mention the source bucket and key: sourcebucket/sourcekey", "x-amz-copy-source", header);
        }

        return (source[..slash], source[(slash + 1)..]);
    }

    private static async Task CopyExactlyAsync(Stream source, Stream destination, long length, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        var remaining = length;
        while (remaining > 0)
        {
            var read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new IOException("The object ended before the requested range; it may have been replaced while it was read.");
            }

            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            remaining -= read;
        }
    }
}
