using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Local.Storage;

namespace Pipeline.Local.S3;

/// <summary>Options of the local S3 REST API.</summary>
public sealed record S3ApiOptions
{
    /// <summary>
    /// The path under which S3 is served; clients use <c>http://127.0.0.1:PORT/s3</c> as the endpoint URL
    /// with path-style addressing. Default <c>/s3</c>, which keeps S3 apart from the JSON-protocol
    /// services at <c>POST /</c> and the endpoints at <c>/endpoints/</c>.
    /// </summary>
    public string PathPrefix { get; init; } = "/s3";

    /// <summary>The folder that stores the parts of multipart uploads until they complete. Default: a folder under the system temporary folder.</summary>
    public string MultipartFolder { get; init; } = Path.Combine(Path.GetTempPath(), "pipeline-s3-multipart");

    /// <summary>The region GetBucketLocation reports. Default <c>us-east-1</c>.</summary>
    public string Region { get; init; } = "us-east-1";
}

/// <summary>Maps the path-style S3 REST API of the local object store onto an ASP.NET Core host.</summary>
public static class S3ApiEndpoints
{
    /// <summary>
    /// Serves the S3 REST API subset that the AWS SDKs (with path-style addressing) and the AWS CLI's
    /// <c>aws s3</c> commands use: ListBuckets, CreateBucket, HeadBucket, GetBucketLocation, ListObjects
    /// and ListObjectsV2, PutObject, GetObject (with Range), HeadObject, DeleteObject, DeleteObjects,
    /// CopyObject and multipart uploads. Signatures are accepted without checking; <c>aws-chunked</c>
    /// bodies are decoded. Writes go through <paramref name="store"/>, so they raise its
    /// <see cref="IObjectStore.ObjectCreated"/> event like any other put.
    /// </summary>
    /// <remarks>
    /// NOTE: object metadata (<c>Content-Type</c>, <c>x-amz-meta-*</c>) is not stored, because the object
    /// store keeps bytes only; GetObject derives <c>Content-Type</c> from the key's extension.
    /// </remarks>
    public static IEndpointConventionBuilder MapS3Api(this IEndpointRouteBuilder app, IObjectStore store, S3ApiOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(store);
        options ??= new S3ApiOptions();
        var prefix = "/" + options.PathPrefix.Trim('/');
        if (prefix == "/")
        {
            throw new ArgumentException("S3ApiOptions.PathPrefix must not be empty: S3 needs its own path, for example '/s3'.", nameof(options));
        }

        var loggerFactory = app.ServiceProvider.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
        var handler = new S3RequestHandler(store, options with { PathPrefix = prefix }, new MultipartUploads(options.MultipartFolder), loggerFactory.CreateLogger(typeof(S3ApiEndpoints)));
        string[] methods = ["GET", "PUT", "POST", "DELETE", "HEAD"];
        var group = app.MapGroup(prefix);
        group.MapMethods("/", methods, handler.HandleAsync);
        group.MapMethods("/{**path}", methods, handler.HandleAsync);
        return group;
    }
}
