using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Pipeline.Aws.Storage;

/// <summary>
/// <see cref="IObjectStorageClient"/> over AWSSDK.S3's <see cref="AmazonS3Client"/>. With an endpoint
/// override (<c>AWS_ENDPOINT_URL_S3</c> or <c>AWS_ENDPOINT_URL</c>) it uses that URL with path-style
/// addressing, as S3 emulators expect.
/// </summary>
public sealed class S3ObjectStorageClient : IObjectStorageClient, IDisposable
{
    private readonly IAmazonS3 _s3;
    private readonly bool _ownsClient;
    private readonly ILogger _logger;
    private readonly string _endpointDescription;

    /// <summary>Wraps an existing S3 client, which the caller keeps ownership of.</summary>
    public S3ObjectStorageClient(IAmazonS3 s3, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(s3);
        _s3 = s3;
        _logger = logger ?? NullLogger.Instance;
        _endpointDescription = s3.Config.ServiceURL ?? s3.Config.RegionEndpoint?.SystemName ?? "the default S3 endpoint";
    }

    private S3ObjectStorageClient(AmazonS3Client s3, ILogger logger)
        : this((IAmazonS3)s3, logger)
    {
        _ownsClient = true;
    }

    /// <summary>Creates a client whose endpoint, region and credentials come from <paramref name="environment"/>.</summary>
    public static S3ObjectStorageClient Create(AwsEnvironment environment, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var logger = (ILogger?)loggerFactory?.CreateLogger<S3ObjectStorageClient>() ?? NullLogger.Instance;
        var credentials = AwsCredentialsSource.FromEnvironment(environment, AwsService.S3);
        Log.UsingCredentials(logger, credentials.Description, AwsService.S3.SigningName);
        return new S3ObjectStorageClient(new AmazonS3Client(credentials.GetAwsCredentials(), CreateConfig(environment)), logger);
    }

    /// <summary>Builds the S3 client settings: the endpoint override with path-style addressing, else the region.</summary>
    public static AmazonS3Config CreateConfig(AwsEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var config = new AmazonS3Config
        {
            // The clients read endpoints from AwsEnvironment only, so a dictionary passed by the local runtime wins over the process environment.
            IgnoreConfiguredEndpointUrls = true,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        var endpoint = environment.GetEndpointOverride(AwsService.S3);
        if (endpoint is null)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(environment.Region);
        }
        else
        {
            config.ServiceURL = endpoint.ToString();
            config.AuthenticationRegion = environment.Region;
            config.ForcePathStyle = true;
        }

        return config;
    }

    public async Task<ObjectMetadata?> HeadObjectAsync(string bucket, string key, string? versionId = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(bucket);
        ArgumentException.ThrowIfNullOrEmpty(key);
        try
        {
            var response = await _s3.GetObjectMetadataAsync(
                new GetObjectMetadataRequest { BucketName = bucket, Key = key, VersionId = versionId },
                cancellationToken).ConfigureAwait(false);
            return new ObjectMetadata(
                ObjectMetadata.NormalizeETag(response.ETag),
                response.ContentLength,
                string.IsNullOrEmpty(response.VersionId) || response.VersionId == "null" ? null : response.VersionId,
                response.LastModified is { } modified ? new DateTimeOffset(modified.ToUniversalTime(), TimeSpan.Zero) : null);
        }
        catch (AmazonS3Exception exception) when (exception.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (AmazonServiceException exception)
        {
            throw Translate(exception);
        }
    }

    public async Task<byte[]> GetObjectBytesAsync(string bucket, string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(bucket);
        ArgumentException.ThrowIfNullOrEmpty(key);
        Log.ReadingObject(_logger, bucket, key, _endpointDescription);
        try
        {
            using var response = await _s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key }, cancellationToken).ConfigureAwait(false);
            using var buffer = new MemoryStream();
            await response.ResponseStream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            return buffer.ToArray();
        }
        catch (AmazonServiceException exception)
        {
            throw Translate(exception);
        }
    }

    public async Task<string> GetObjectTextAsync(string bucket, string key, CancellationToken cancellationToken = default)
    {
        var bytes = await GetObjectBytesAsync(bucket, key, cancellationToken).ConfigureAwait(false);
        return DecodeUtf8(bytes);
    }

    public async IAsyncEnumerable<ObjectSummary> ListObjectsAsync(string bucket, string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(bucket);
        ArgumentNullException.ThrowIfNull(prefix);
        string? continuationToken = null;
        do
        {
            ListObjectsV2Response response;
            try
            {
                response = await _s3.ListObjectsV2Async(
                    new ListObjectsV2Request { BucketName = bucket, Prefix = prefix, ContinuationToken = continuationToken },
                    cancellationToken).ConfigureAwait(false);
            }
            catch (AmazonServiceException exception)
            {
                throw Translate(exception);
            }

            foreach (var item in response.S3Objects ?? [])
            {
                var modified = item.LastModified is { } time ? new DateTimeOffset(time.ToUniversalTime(), TimeSpan.Zero) : DateTimeOffset.MinValue;
                yield return new ObjectSummary(item.Key, ObjectMetadata.NormalizeETag(item.ETag), item.Size ?? 0, modified);
            }

            continuationToken = response.IsTruncated == true ? response.NextContinuationToken : null;
        }
        while (continuationToken is not null);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_ownsClient)
        {
            _s3.Dispose();
        }
    }

    internal static string DecodeUtf8(byte[] bytes)
    {
        var span = bytes.AsSpan();
        if (span.StartsWith(Encoding.UTF8.Preamble))
        {
            span = span[Encoding.UTF8.Preamble.Length..];
        }

        return Encoding.UTF8.GetString(span);
    }

    private static AwsServiceErrorException Translate(AmazonServiceException exception)
    {
        var code = string.IsNullOrEmpty(exception.ErrorCode)
            ? (exception.StatusCode == HttpStatusCode.NotFound ? "NoSuchKey" : $"Http{(int)exception.StatusCode}")
            : exception.ErrorCode;
        return new AwsServiceErrorException(code, exception.Message, exception.StatusCode, exception.RequestId, exception);
    }
}
