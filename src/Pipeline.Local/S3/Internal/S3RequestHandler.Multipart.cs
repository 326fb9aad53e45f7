using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Pipeline.Local.Storage;

namespace Pipeline.Local.S3;

internal sealed partial class S3RequestHandler
{
    /// <summary>S3's minimum size of every part but the last: 5 MiB.</summary>
    private const long MinPartBytes = 5L * 1024 * 1024;

    private const int MaxPartNumber = 10000;

    private async Task CreateMultipartUploadAsync(HttpContext context, string bucket, string key)
    {
        EnsureBucket(bucket);
        ObjectKeys.Validate(key);
        var upload = _uploads.Start(bucket, key);
        await WriteXmlAsync(context, S3Xml.Element("InitiateMultipartUploadResult",
            S3Xml.Element("Bucket", bucket),
            S3Xml.Element("Key", key),
            S3Xml.Element("UploadId", upload.UploadId))).ConfigureAwait(false);
    }

    private async Task UploadPartAsync(HttpContext context, string bucket, string key)
    {
        EnsureBucket(bucket);
        if (context.Request.Headers.ContainsKey("x-amz-copy-source"))
        {
            throw S3Error.NotImplemented("UploadPartCopy");
        }

        var upload = _uploads.Get(context.Request.Query["uploadId"].ToString(), bucket, key);
        var partText = context.Request.Query["partNumber"].ToString();
        if (!int.TryParse(partText, NumberStyles.None, CultureInfo.InvariantCulture, out var partNumber) || partNumber is < 1 or > MaxPartNumber)
        {
            throw S3Error.InvalidArgument("Part number must be an integer between 1 and 10000, inclusive", "partNumber", partText);
        }

        AllowLargeBody(context);
        var target = upload.PartPath(partNumber);
        var temporary = target + "." + Guid.NewGuid().ToString("N") + ".tmp";
        string etag;
        long size;
        try
        {
            var body = OpenPayload(context.Request);
            await using (body.ConfigureAwait(false))
            {
                var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
                await using (file.ConfigureAwait(false))
                {
                    using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
                    var buffer = new byte[81920];
                    int read;
                    while ((read = await body.ReadAsync(buffer, context.RequestAborted).ConfigureAwait(false)) > 0)
                    {
                        md5.AppendData(buffer, 0, read);
                        await file.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted).ConfigureAwait(false);
                    }

                    etag = Convert.ToHexStringLower(md5.GetHashAndReset());
                    size = file.Length;
                }
            }

            File.Move(temporary, target, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }

        upload.Parts[partNumber] = (etag, size);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.Headers.ETag = S3Xml.Quote(etag);
        context.Response.ContentLength = 0;
    }

    private async Task CompleteMultipartUploadAsync(HttpContext context, string bucket, string key)
    {
        EnsureBucket(bucket);
        var cancellationToken = context.RequestAborted;
        var upload = _uploads.Get(context.Request.Query["uploadId"].ToString(), bucket, key);
        var document = S3Xml.Parse(await ReadXmlBodyAsync(context.Request, cancellationToken).ConfigureAwait(false));
        var requested = S3Xml.Children(document, "Part")
            .Select(part => (
                Number: int.TryParse(S3Xml.ChildValue(part, "PartNumber"), NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : -1,
                ETag: (S3Xml.ChildValue(part, "ETag") ?? string.Empty).Trim().Trim('"')))
            .ToList();
        if (document.Name.LocalName != "CompleteMultipartUpload" || requested.Count == 0 || requested.Any(part => part.Number < 1))
        {
            throw S3Error.MalformedXml();
        }

        for (var i = 1; i < requested.Count; i++)
        {
            if (requested[i].Number <= requested[i - 1].Number)
            {
                throw new S3Error(HttpStatusCode.BadRequest, "InvalidPartOrder", "The list of parts was not in ascending order. The parts list must be specified in order by part number.");
            }
        }

        for (var i = 0; i < requested.Count; i++)
        {
            var (number, requestedETag) = requested[i];
            if (!upload.Parts.TryGetValue(number, out var part) || !string.Equals(part.ETag, requestedETag, StringComparison.OrdinalIgnoreCase))
            {
                throw new S3Error(HttpStatusCode.BadRequest, "InvalidPart",
                    "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.")
                {
                    Details = [("UploadId", upload.UploadId), ("PartNumber", number.ToString(CultureInfo.InvariantCulture)), ("ETag", requestedETag)],
                };
            }

            if (i < requested.Count - 1 && part.Size < MinPartBytes)
            {
                throw new S3Error(HttpStatusCode.BadRequest, "EntityTooSmall", "Your proposed upload is smaller than the minimum allowed object size.")
                {
                    Details = [("ProposedSize", part.Size.ToString(CultureInfo.InvariantCulture)), ("MinSizeAllowed", MinPartBytes.ToString(CultureInfo.InvariantCulture)), ("PartNumber", number.ToString(CultureInfo.InvariantCulture))],
                };
            }
        }

        ObjectInfo info;
        var assembled = new ConcatenatedFileStream(requested.Select(part => upload.PartPath(part.Number)));
        await using (assembled.ConfigureAwait(false))
        {
            // NOTE: the object's ETag is the MD5 of its bytes (what the store computes), not S3's MD5-of-part-MD5s with a part count.
            info = await _store.PutObjectAsync(bucket, key, assembled, cancellationToken).ConfigureAwait(false);
        }

        RemoveUpload(upload);
        await WriteXmlAsync(context, S3Xml.Element("CompleteMultipartUploadResult",
            S3Xml.Element("Location", $"{context.Request.Scheme}://{context.Request.Host}{_options.PathPrefix}/{bucket}/{Uri.EscapeDataString(key)}"),
            S3Xml.Element("Bucket", bucket),
            S3Xml.Element("Key", key),
            S3Xml.Element("ETag", S3Xml.Quote(info.ETag)))).ConfigureAwait(false);
    }

    private Task AbortMultipartUploadAsync(HttpContext context, string bucket, string key)
    {
        EnsureBucket(bucket);
        var upload = _uploads.Get(context.Request.Query["uploadId"].ToString(), bucket, key);
        RemoveUpload(upload);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    private void RemoveUpload(MultipartUpload upload)
    {
        try
        {
            _uploads.Remove(upload);
        }
        catch (IOException exception)
        {
            Log.S3MultipartCleanupFailed(_logger, exception, upload.UploadId);
        }
        catch (UnauthorizedAccessException exception)
        {
            Log.S3MultipartCleanupFailed(_logger, exception, upload.UploadId);
        }
    }
}
