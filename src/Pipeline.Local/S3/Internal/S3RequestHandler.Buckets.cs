using System.Net;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;
using Pipeline.Local.Storage;

namespace Pipeline.Local.S3;

internal sealed partial class S3RequestHandler
{
    private const string OwnerId = "local";

    private async Task ListBucketsAsync(HttpContext context)
    {
        var buckets = S3Xml.Element("Buckets");
        foreach (var name in _store.ListBuckets())
        {
            buckets.Add(S3Xml.Element("Bucket", S3Xml.Element("Name", name), S3Xml.Element("CreationDate", S3Xml.Timestamp(BucketCreationTime(name)))));
        }

        await WriteXmlAsync(context, S3Xml.Element("ListAllMyBucketsResult", Owner(), buckets)).ConfigureAwait(false);
    }

    private async Task CreateBucketAsync(HttpContext context, string bucket)
    {
        CheckBucketName(bucket);
        if (_store.ListBuckets().Contains(bucket, StringComparer.Ordinal))
        {
            throw new S3Error(HttpStatusCode.Conflict, "BucketAlreadyOwnedByYou", "Your previous request to create the named bucket succeeded and you already own it.")
            {
                Details = [("BucketName", bucket)],
            };
        }

        await _store.CreateBucketAsync(bucket, context.RequestAborted).ConfigureAwait(false);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.Headers.Location = "/" + bucket;
        context.Response.ContentLength = 0;
    }

    /// <summary>
    /// Deletes an empty bucket. Only a <see cref="FolderObjectStore"/> bucket can be deleted, because
    /// <see cref="IObjectStore"/> has no operation for it; its folder is removed once it contains no objects.
    /// </summary>
    private async Task DeleteBucketAsync(HttpContext context, string bucket)
    {
        EnsureBucket(bucket);
        if (_store is not FolderObjectStore folder)
        {
            throw S3Error.NotImplemented("DeleteBucket for this object store");
        }

        await foreach (var _ in _store.ListObjectsAsync(bucket, string.Empty, context.RequestAborted).ConfigureAwait(false))
        {
            throw new S3Error(HttpStatusCode.Conflict, "BucketNotEmpty", "The bucket you tried to delete is not empty") { Details = [("BucketName", bucket)] };
        }

        // An empty bucket can still contain empty folders left behind by deleted keys.
        Directory.Delete(Path.Combine(folder.Root, bucket), recursive: true);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private Task HeadBucketAsync(HttpContext context, string bucket)
    {
        EnsureBucket(bucket);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.Headers["x-amz-bucket-region"] = _options.Region;
        return Task.CompletedTask;
    }

    private async Task GetBucketLocationAsync(HttpContext context, string bucket)
    {
        EnsureBucket(bucket);

        // S3 reports us-east-1 as an empty LocationConstraint.
        var region = _options.Region == "us-east-1" ? string.Empty : _options.Region;
        await WriteXmlAsync(context, S3Xml.Element("LocationConstraint", region)).ConfigureAwait(false);
    }

    private async Task GetBucketVersioningAsync(HttpContext context, string bucket)
    {
        EnsureBucket(bucket);

        // The local store keeps one version per key, which S3 reports as a configuration without a Status.
        await WriteXmlAsync(context, S3Xml.Element("VersioningConfiguration")).ConfigureAwait(false);
    }

    /// <summary>Returns the ACL every local bucket and object has: full control for the one local owner.</summary>
    private async Task GetAclAsync(HttpContext context, string bucket, string key)
    {
        EnsureBucket(bucket);
        if (key.Length > 0 && await _store.HeadObjectAsync(bucket, key, context.RequestAborted).ConfigureAwait(false) is null)
        {
            throw S3Error.NoSuchKey(key);
        }

        XNamespace xsi = "http://www.w3.org/2001/XMLSchema-instance";
        var grantee = S3Xml.Element("Grantee",
            new XAttribute(XNamespace.Xmlns + "xsi", xsi.NamespaceName),
            new XAttribute(xsi + "type", "CanonicalUser"),
            S3Xml.Element("ID", OwnerId),
            S3Xml.Element("DisplayName", OwnerId));
        await WriteXmlAsync(context, S3Xml.Element("AccessControlPolicy",
            Owner(),
            S3Xml.Element("AccessControlList", S3Xml.Element("Grant", grantee, S3Xml.Element("Permission", "FULL_CONTROL"))))).ConfigureAwait(false);
    }

    private async Task DeleteObjectsAsync(HttpContext context, string bucket)
    {
        EnsureBucket(bucket);
        var cancellationToken = context.RequestAborted;
        var document = S3Xml.Parse(await ReadXmlBodyAsync(context.Request, cancellationToken).ConfigureAwait(false));
        var quiet = string.Equals(S3Xml.ChildValue(document, "Quiet"), "true", StringComparison.OrdinalIgnoreCase);
        var objects = S3Xml.Children(document, "Object").ToList();
        if (document.Name.LocalName != "Delete" || objects.Count is 0 or > 1000)
        {
            throw S3Error.MalformedXml();
        }

        var result = S3Xml.Element("DeleteResult");
        foreach (var item in objects)
        {
            var key = S3Xml.ChildValue(item, "Key") ?? throw S3Error.MalformedXml();
            try
            {
                await _store.DeleteObjectAsync(bucket, key, cancellationToken).ConfigureAwait(false);
                if (!quiet)
                {
                    result.Add(S3Xml.Element("Deleted", S3Xml.Element("Key", key)));
                }
            }
            catch (InvalidObjectKeyException exception)
            {
                result.Add(S3Xml.Element("Error", S3Xml.Element("Key", key), S3Xml.Element("Code", "InvalidArgument"), S3Xml.Element("Message", exception.Message)));
            }
        }

        await WriteXmlAsync(context, result).ConfigureAwait(false);
    }

    private static XElement Owner() => S3Xml.Element("Owner", S3Xml.Element("ID", OwnerId), S3Xml.Element("DisplayName", OwnerId));

    private DateTimeOffset BucketCreationTime(string bucket) =>
        _store is FolderObjectStore folder && Directory.Exists(Path.Combine(folder.Root, bucket))
            ? new DateTimeOffset(Directory.GetCreationTimeUtc(Path.Combine(folder.Root, bucket)), TimeSpan.Zero)
            : DateTimeOffset.UnixEpoch;

    private static void CheckBucketName(string bucket)
    {
        // S3's rules for new buckets: 3-63 characters of lowercase letters, digits, dots and hyphens,
        // starting and ending with a letter or digit, with no two adjacent dots.
        var valid = bucket.Length is >= 3 and <= 63
            && bucket.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '-')
            && char.IsAsciiLetterOrDigit(bucket[0]) && char.IsAsciiLetterOrDigit(bucket[^1])
            && !bucket.Contains("..", StringComparison.Ordinal);
        if (!valid)
        {
            throw new S3Error(HttpStatusCode.BadRequest, "InvalidBucketName", "The specified bucket is not valid.") { Details = [("BucketName", bucket)] };
        }
    }
}
