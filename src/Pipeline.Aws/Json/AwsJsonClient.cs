using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Aws.Signing;

namespace Pipeline.Aws.Json;

/// <summary>
/// A client of one AWS JSON-protocol service: <c>POST /</c> with <c>X-Amz-Target: &lt;prefix&gt;.&lt;operation&gt;</c>
/// and <c>Content-Type: application/x-amz-json-1.x</c>, signed with Signature Version 4.
/// Throttling, server errors and transport failures are retried with backoff; every other error
/// response becomes an <see cref="AwsServiceErrorException"/>.
/// </summary>
public sealed partial class AwsJsonClient : IDisposable
{
    private readonly HttpClient _httpClient;
    private readonly bool _ownsHttpClient;
    private readonly AwsCredentialsSource _credentials;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly AwsRetryOptions _retry;

    /// <param name="service">The service to call.</param>
    /// <param name="endpoint">The endpoint to call, for example <c>https://states.us-east-1.amazonaws.com/</c>.</param>
    /// <param name="region">The region of the credential scope.</param>
    /// <param name="credentials">The credentials that sign requests.</param>
    /// <param name="httpClient">The HTTP client to send with; null creates one that this client disposes.</param>
    /// <param name="timeProvider">The clock of signatures and backoff delays; null uses the system clock.</param>
    /// <param name="logger">The logger of retries and errors; null logs nothing.</param>
    /// <param name="retry">The retry settings; null uses <see cref="AwsRetryOptions.Default"/>.</param>
    public AwsJsonClient(
        AwsService service,
        Uri endpoint,
        string region,
        AwsCredentialsSource credentials,
        HttpClient? httpClient = null,
        TimeProvider? timeProvider = null,
        ILogger? logger = null,
        AwsRetryOptions? retry = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentException.ThrowIfNullOrEmpty(region);
        ArgumentNullException.ThrowIfNull(credentials);
        if (string.IsNullOrEmpty(service.TargetPrefix))
        {
            throw new ArgumentException($"The service '{service.SigningName}' does not use the JSON protocol.", nameof(service));
        }

        Service = service;
        Endpoint = endpoint;
        Region = region;
        _credentials = credentials;
        _ownsHttpClient = httpClient is null;
        _httpClient = httpClient ?? new HttpClient();
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _retry = retry ?? AwsRetryOptions.Default;
        _retry.Validate();
    }

    /// <summary>The service this client calls.</summary>
    public AwsService Service { get; }

    /// <summary>The endpoint requests are sent to.</summary>
    public Uri Endpoint { get; }

    /// <summary>The region of the credential scope.</summary>
    public string Region { get; }

    /// <summary>
    /// Creates a client whose endpoint, region and credentials come from <paramref name="environment"/>
    /// (see <see cref="AwsEnvironment"/> and <see cref="AwsCredentialsSource.FromEnvironment"/>).
    /// </summary>
    public static AwsJsonClient Create(
        AwsService service,
        AwsEnvironment environment,
        ILoggerFactory? loggerFactory = null,
        HttpClient? httpClient = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(environment);
        var logger = (ILogger?)loggerFactory?.CreateLogger<AwsJsonClient>() ?? NullLogger.Instance;
        var credentials = AwsCredentialsSource.FromEnvironment(environment, service);
        Log.UsingCredentials(logger, credentials.Description, service.SigningName);
        return new AwsJsonClient(service, environment.ResolveEndpoint(service), environment.Region, credentials, httpClient, timeProvider, logger);
    }

    /// <summary>Sends <paramref name="request"/> as operation <paramref name="operation"/> and returns the response shape.</summary>
    public async Task<TResponse> SendAsync<TRequest, TResponse>(string operation, TRequest request, CancellationToken cancellationToken = default)
    {
        var options = AwsJsonSerializer.For(Service);
        var body = JsonSerializer.SerializeToUtf8Bytes(request, options);
        var response = await SendRawAsync(operation, body, cancellationToken).ConfigureAwait(false);
        if (response.Length == 0)
        {
            response = "{}"u8.ToArray();
        }

        try
        {
            return JsonSerializer.Deserialize<TResponse>(response, options)
                ?? throw new JsonException("The response body is the JSON literal null.");
        }
        catch (JsonException exception)
        {
            throw new AwsServiceErrorException(
                "SerializationException",
                $"The {Service.SigningName} {operation} response could not be read as {typeof(TResponse).Name}: {exception.Message}",
                System.Net.HttpStatusCode.OK,
                null,
                exception);
        }
    }

    /// <summary>Sends a request given as JSON and returns the response JSON (an empty object when the body is empty).</summary>
    public async Task<JsonObject> SendAsync(string operation, JsonObject request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = await SendRawAsync(operation, JsonSerializer.SerializeToUtf8Bytes(request), cancellationToken).ConfigureAwait(false);
        return response.Length == 0 ? [] : JsonNode.Parse(response) as JsonObject ?? [];
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_ownsHttpClient)
        {
            _httpClient.Dispose();
        }
    }

    private HttpRequestMessage CreateSignedRequest(string operation, byte[] body, Amazon.Runtime.ImmutableCredentials credentials)
    {
        var target = $"{Service.TargetPrefix}.{operation}";
        var now = _timeProvider.GetUtcNow() + ClockOffset;
        var amzDate = SigV4Signer.FormatAmzDate(now);
        var headers = new List<KeyValuePair<string, string>>
        {
            new("host", Endpoint.Authority),
            new("content-type", Service.ContentType),
            new("x-amz-date", amzDate),
            new("x-amz-target", target),
        };
        if (!string.IsNullOrEmpty(credentials.Token))
        {
            headers.Add(new("x-amz-security-token", credentials.Token));
        }

        var path = string.IsNullOrEmpty(Endpoint.AbsolutePath) ? "/" : Endpoint.AbsolutePath;
        var signature = SigV4Signer.Sign(
            new SigV4Request("POST", path, [], headers, SigV4Signer.HashPayload(body)),
            new SigV4Credentials(credentials.AccessKey, credentials.SecretKey, credentials.Token),
            Region,
            Service.SigningName,
            now);

        var message = new HttpRequestMessage(HttpMethod.Post, Endpoint) { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue(Service.ContentType);
        message.Headers.TryAddWithoutValidation("X-Amz-Date", signature.AmzDate);
        message.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        if (!string.IsNullOrEmpty(credentials.Token))
        {
            message.Headers.TryAddWithoutValidation("X-Amz-Security-Token", credentials.Token);
        }

        message.Headers.TryAddWithoutValidation("Authorization", signature.Authorization);
        return message;
    }
}
