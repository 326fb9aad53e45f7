using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Pipeline.Local.Storage;

namespace Pipeline.Local.S3;

/// <summary>
/// Dispatches path-style S3 REST requests (<c>/PREFIX/BUCKET/KEY?SUBRESOURCE</c>) to the object store and
/// writes S3's responses and XML errors.
/// </summary>
/// <remarks>
/// The bucket and key come from the raw request target, percent-decoded once, so keys keep every
/// character the client encoded (including <c>%2F</c> and <c>+</c>).
/// </remarks>
internal sealed partial class S3RequestHandler
{
    // Query parameters that select a bucket or object subresource which this API does not serve.
    private static readonly string[] UnsupportedSubresources =
    [
        "tagging", "policy", "cors", "lifecycle", "website", "logging", "notification", "replication",
        "encryption", "object-lock", "retention", "legal-hold", "torrent", "restore", "select", "analytics",
        "inventory", "metrics", "accelerate", "requestPayment", "ownershipControls", "publicAccessBlock",
        "intelligent-tiering", "attributes", "versions",
    ];

    private readonly IObjectStore _store;
    private readonly S3ApiOptions _options;
    private readonly MultipartUploads _uploads;
    private readonly ILogger _logger;

    public S3RequestHandler(IObjectStore store, S3ApiOptions options, MultipartUploads uploads, ILogger logger)
    {
        _store = store;
        _options = options;
        _uploads = uploads;
        _logger = logger;
    }

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        var requestId = RandomNumberGenerator.GetHexString(16);
        var hostId = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        response.Headers["x-amz-request-id"] = requestId;
        response.Headers["x-amz-id-2"] = hostId;
        try
        {
            var (bucket, key) = ParseTarget(context);
            await DispatchAsync(context, bucket, key).ConfigureAwait(false);
        }
        catch (S3Error error)
        {
            Log.S3RequestRejected(_logger, request.Method, request.Path, error.Code, error.Message);
            await WriteErrorAsync(context, error, requestId, hostId).ConfigureAwait(false);
        }
        catch (Exception exception) when (TranslateStoreError(exception) is { } error)
        {
            Log.S3RequestRejected(_logger, request.Method, request.Path, error.Code, error.Message);
            await WriteErrorAsync(context, error, requestId, hostId).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client disconnected, so no response can be sent.
        }
#pragma warning disable CA1031 // Every other failure becomes S3's InternalError, logged with its stack trace.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Log.S3RequestFailed(_logger, exception, request.Method, request.Path);
            await WriteErrorAsync(context, new S3Error(HttpStatusCode.InternalServerError, "InternalError", exception.Message), requestId, hostId).ConfigureAwait(false);
        }
    }

    private Task DispatchAsync(HttpContext context, string? bucket, string key)
    {
        var request = context.Request;
        var query = request.Query;
        var method = request.Method;
        if (bucket is null)
        {
            return HttpMethods.IsGet(method) ? ListBucketsAsync(context) : throw MethodNotAllowed(method, "the service");
        }

        if (query.ContainsKey("acl"))
        {
            return HttpMethods.IsGet(method) ? GetAclAsync(context, bucket, key) : throw S3Error.NotImplemented("changing ACLs");
        }

        var unsupported = UnsupportedSubresources.FirstOrDefault(query.ContainsKey);
        if (unsupported is not null)
        {
            throw S3Error.NotImplemented($"the '{unsupported}' subresource");
        }

        if (key.Length == 0)
        {
            return method switch
            {
                _ when HttpMethods.IsPut(method) => CreateBucketAsync(context, bucket),
                _ when HttpMethods.IsHead(method) => HeadBucketAsync(context, bucket),
                _ when HttpMethods.IsGet(method) && query.ContainsKey("location") => GetBucketLocationAsync(context, bucket),
                _ when HttpMethods.IsGet(method) && query.ContainsKey("uploads") => throw S3Error.NotImplemented("ListMultipartUploads"),
                _ when HttpMethods.IsGet(method) && query.ContainsKey("versioning") => GetBucketVersioningAsync(context, bucket),
                _ when HttpMethods.IsGet(method) => ListObjectsAsync(context, bucket, version2: query["list-type"] == "2"),
                _ when HttpMethods.IsPost(method) && query.ContainsKey("delete") => DeleteObjectsAsync(context, bucket),
                _ when HttpMethods.IsDelete(method) => DeleteBucketAsync(context, bucket),
                _ => throw MethodNotAllowed(method, "a bucket"),
            };
        }

        return method switch
        {
            _ when HttpMethods.IsPut(method) && query.ContainsKey("uploadId") => UploadPartAsync(context, bucket, key),
            _ when HttpMethods.IsPut(method) && request.Headers.ContainsKey("x-amz-copy-source") => CopyObjectAsync(context, bucket, key),
            _ when HttpMethods.IsPut(method) => PutObjectAsync(context, bucket, key),
            _ when HttpMethods.IsGet(method) && query.ContainsKey("uploadId") => throw S3Error.NotImplemented("ListParts"),
            _ when HttpMethods.IsGet(method) => GetObjectAsync(context, bucket, key, includeBody: true),
            _ when HttpMethods.IsHead(method) => GetObjectAsync(context, bucket, key, includeBody: false),
            _ when HttpMethods.IsDelete(method) && query.ContainsKey("uploadId") => AbortMultipartUploadAsync(context, bucket, key),
            _ when HttpMethods.IsDelete(method) => DeleteObjectAsync(context, bucket, key),
            _ when HttpMethods.IsPost(method) && query.ContainsKey("uploads") => CreateMultipartUploadAsync(context, bucket, key),
            _ when HttpMethods.IsPost(method) && query.ContainsKey("uploadId") => CompleteMultipartUploadAsync(context, bucket, key),
            _ => throw MethodNotAllowed(method, "an object"),
        };
    }

    private (string? Bucket, string Key) ParseTarget(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "/";
        var queryStart = raw.IndexOf('?', StringComparison.Ordinal);
        var path = queryStart < 0 ? raw : raw[..queryStart];
        if (Uri.TryCreate(path, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https")
        {
            path = absolute.AbsolutePath;
        }

        var rest = path.StartsWith(_options.PathPrefix, StringComparison.Ordinal) ? path[_options.PathPrefix.Length..] : path;
        rest = rest.TrimStart('/');
        if (rest.Length == 0)
        {
            return (null, string.Empty);
        }

        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var bucket = Uri.UnescapeDataString(slash < 0 ? rest : rest[..slash]);
        var key = slash < 0 ? string.Empty : Uri.UnescapeDataString(rest[(slash + 1)..]);
        return (bucket, key);
    }

    private void EnsureBucket(string bucket)
    {
        if (!_store.ListBuckets().Contains(bucket, StringComparer.Ordinal))
        {
            throw S3Error.NoSuchBucket(bucket);
        }
    }

    private static S3Error? TranslateStoreError(Exception exception) => exception switch
    {
        BucketNotFoundException notFound => S3Error.NoSuchBucket(notFound.Bucket),
        ObjectNotFoundException notFound => S3Error.NoSuchKey(notFound.Key),
        InvalidBucketNameException => new S3Error(HttpStatusCode.BadRequest, "InvalidBucketName", exception.Message),
        InvalidObjectKeyException invalid when Encoding.UTF8.GetByteCount(invalid.Key) > ObjectKeys.MaxKeyBytes =>
            new S3Error(HttpStatusCode.BadRequest, "KeyTooLongError", "Your key is too long") { Details = [("MaxSizeAllowed", ObjectKeys.MaxKeyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture))] },
        InvalidObjectKeyException => new S3Error(HttpStatusCode.BadRequest, "InvalidArgument", exception.Message),
        InvalidDataException => new S3Error(HttpStatusCode.BadRequest, "IncompleteBody", exception.Message),
        PathTooLongException => new S3Error(
            HttpStatusCode.BadRequest,
            "InvalidArgument",
            "The local store keeps each '/'-separated part of a key as a file or folder name, and this key has a part longer than the file system allows (usually 255 bytes). Shorten that part of the key."),
        _ => null,
    };

    private static S3Error MethodNotAllowed(string method, string resource) =>
        new(HttpStatusCode.MethodNotAllowed, "MethodNotAllowed", $"The specified method is not allowed against this resource: {method} on {resource}.")
        {
            Details = [("Method", method), ("ResourceType", resource)],
        };

    private static async Task WriteErrorAsync(HttpContext context, S3Error error, string requestId, string hostId)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            context.Abort();
            return;
        }

        response.Clear();
        response.Headers["x-amz-request-id"] = requestId;
        response.Headers["x-amz-id-2"] = hostId;
        response.StatusCode = (int)error.StatusCode;
        if (HttpMethods.IsHead(context.Request.Method))
        {
            // HEAD responses carry no body, so clients read the error from the status code alone.
            return;
        }

        var body = S3Xml.Error(error, requestId, hostId);
        response.ContentType = "application/xml";
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task WriteXmlAsync(HttpContext context, System.Xml.Linq.XElement root)
    {
        var body = S3Xml.Serialize(root);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/xml";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task<byte[]> ReadXmlBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var body = OpenPayload(request);
        await using (body.ConfigureAwait(false))
        {
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > S3Xml.MaxRequestBytes)
                {
                    throw S3Error.MalformedXml();
                }

                buffer.Write(chunk, 0, read);
            }
        }

        return buffer.ToArray();
    }
}
