using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Pipeline.Aws.Signing;

namespace Pipeline.Aws.Tests;

/// <summary>A request the server received, with the result of recomputing its signature.</summary>
public sealed record ReceivedRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, byte[] Body, bool SignatureValid, string SignatureDetail)
{
    public string BodyText => Encoding.UTF8.GetString(Body);
}

/// <summary>The response the test wants the server to send.</summary>
public sealed record ServerResponse(int StatusCode, string Body = "", IReadOnlyDictionary<string, string>? Headers = null);

/// <summary>
/// An HTTP server on 127.0.0.1 that records each request, recomputes its SigV4 signature from the bytes
/// it received, and sends the responses the test chooses.
/// </summary>
public sealed class LocalAwsServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<ReceivedRequest, ServerResponse> _respond;
    private readonly SigV4Credentials _credentials;
    private readonly Task _loop;

    public LocalAwsServer(SigV4Credentials credentials, Func<ReceivedRequest, ServerResponse> respond)
    {
        _credentials = credentials;
        _respond = respond;
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public Uri Endpoint => new($"http://127.0.0.1:{Port}/");

    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The loop ends with an exception when the listener stops.
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var buffer = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(buffer);
            var headers = context.Request.Headers.AllKeys
                .Where(key => key is not null)
                .ToDictionary(key => key!, key => context.Request.Headers[key]!, StringComparer.OrdinalIgnoreCase);
            var path = context.Request.Url!.AbsolutePath;
            var query = context.Request.Url.Query.TrimStart('?');
            var (valid, detail) = Verify(context.Request.HttpMethod, path, query, headers, buffer.ToArray());
            var received = new ReceivedRequest(context.Request.HttpMethod, path, query, headers, buffer.ToArray(), valid, detail);
            Requests.Enqueue(received);

            var response = _respond(received);
            context.Response.StatusCode = response.StatusCode;
            var bytes = Encoding.UTF8.GetBytes(response.Body);
            context.Response.ContentLength64 = bytes.Length;
            foreach (var (name, value) in response.Headers ?? new Dictionary<string, string>())
            {
                if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                {
                    context.Response.ContentLength64 = long.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
                }
                else
                {
                    context.Response.Headers[name] = value;
                }
            }

            if (context.Request.HttpMethod != "HEAD")
            {
                await context.Response.OutputStream.WriteAsync(bytes);
            }

            context.Response.Close();
        }
    }

    /// <summary>Rebuilds the canonical request from what arrived and compares the signature with the Authorization header's.</summary>
    private (bool Valid, string Detail) Verify(string method, string path, string query, Dictionary<string, string> headers, byte[] body)
    {
        if (!headers.TryGetValue("Authorization", out var authorization) || !headers.TryGetValue("X-Amz-Date", out var amzDate))
        {
            return (false, "no Authorization or X-Amz-Date header");
        }

        var parts = authorization["AWS4-HMAC-SHA256 ".Length..].Split(", ").Select(part => part.Split('=', 2)).ToDictionary(part => part[0], part => part[1]);
        var scope = parts["Credential"].Split('/');
        if (scope[0] != _credentials.AccessKeyId)
        {
            return (false, $"access key {scope[0]}");
        }

        var signedHeaders = parts["SignedHeaders"].Split(';');
        var signed = signedHeaders.Select(name => new KeyValuePair<string, string>(name, headers.TryGetValue(name, out var value) ? value : string.Empty)).ToList();
        var queryPairs = query.Length == 0
            ? []
            : query.Split('&').Select(pair => pair.Split('=', 2)).Select(pair => new KeyValuePair<string, string>(Uri.UnescapeDataString(pair[0]), pair.Length > 1 ? Uri.UnescapeDataString(pair[1]) : string.Empty)).ToList();
        var payloadHash = headers.TryGetValue("x-amz-content-sha256", out var declared) && declared.StartsWith("UNSIGNED", StringComparison.Ordinal)
            ? declared
            : SigV4Signer.HashPayload(body);
        var time = DateTimeOffset.ParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal);
        var expected = SigV4Signer.Sign(new SigV4Request(method, path, queryPairs, signed, payloadHash), _credentials, scope[2], scope[3], time);
        return expected.Signature == parts["Signature"]
            ? (true, "signature matches")
            : (false, $"expected {expected.Signature} for canonical request:\n{expected.CanonicalRequest}");
    }
}
