using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Pipeline.Aws.Json;

public sealed partial class AwsJsonClient
{
    private async Task<byte[]> SendRawAsync(string operation, byte[] body, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(operation);
        var credentials = await _credentials.GetCredentialsAsync().ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Log.Calling(_logger, Service.SigningName, operation, Endpoint, attempt);
            using var request = CreateSignedRequest(operation, body, credentials);
            HttpResponseMessage response;
            try
            {
                response = await _httpClient.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (IsTransportFailure(exception, cancellationToken) && attempt < _retry.MaxAttempts)
            {
                var delay = ComputeDelay(attempt);
                Log.RetryingTransportError(_logger, exception, Service.SigningName, operation, (long)delay.TotalMilliseconds, attempt + 1, _retry.MaxAttempts);
                await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
                continue;
            }

            using (response)
            {
                var content = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return content;
                }

                var error = ReadError(operation, response, content);
                if (attempt < _retry.MaxAttempts && TryCorrectClockSkew(error, response))
                {
                    Log.ClockSkewCorrected(_logger, Service.SigningName, operation, error.ErrorCode, (long)ClockOffset.TotalSeconds);
                    continue;
                }

                if (error.IsRetryable && attempt < _retry.MaxAttempts)
                {
                    var delay = ComputeDelay(attempt);
                    Log.RetryingServiceError(_logger, Service.SigningName, operation, error.ErrorCode, error.StatusCode, error.RequestId, (long)delay.TotalMilliseconds, attempt + 1, _retry.MaxAttempts);
                    await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                Log.ServiceError(_logger, Service.SigningName, operation, error.ErrorCode, error.StatusCode, error.RequestId, error.Message);
                throw error;
            }
        }
    }

    private static bool IsTransportFailure(Exception exception, CancellationToken cancellationToken) =>
        exception is HttpRequestException
        || (exception is TaskCanceledException && !cancellationToken.IsCancellationRequested);

    /// <summary>Full-jitter exponential backoff: a random delay in [0, min(MaxDelay, BaseDelay * 2^(attempt-1))].</summary>
    private TimeSpan ComputeDelay(int attempt)
    {
        var ceiling = Math.Min(_retry.MaxDelay.TotalMilliseconds, _retry.BaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
        if (ceiling < 1)
        {
            return TimeSpan.Zero;
        }

        return TimeSpan.FromMilliseconds(RandomNumberGenerator.GetInt32(0, (int)ceiling + 1));
    }

    /// <summary>
    /// Reads an AWS JSON-protocol error: the code from the <c>X-Amzn-ErrorType</c> header or the body's
    /// <c>__type</c> (after any <c>namespace#</c> and before any <c>:</c>), the message from <c>message</c> or <c>Message</c>.
    /// </summary>
    internal AwsServiceErrorException ReadError(string operation, HttpResponseMessage response, byte[] content)
    {
        var requestId = FirstHeader(response, "x-amzn-RequestId") ?? FirstHeader(response, "x-amz-request-id");
        string? code = FirstHeader(response, "X-Amzn-ErrorType");
        string? message = null;
        try
        {
            using var document = JsonDocument.Parse(content);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    if (property.Value.ValueKind != JsonValueKind.String)
                    {
                        continue;
                    }

                    if (property.NameEquals("__type") || property.NameEquals("code"))
                    {
                        code ??= property.Value.GetString();
                    }
                    else if (property.Name.Equals("message", StringComparison.OrdinalIgnoreCase) || property.NameEquals("errorMessage"))
                    {
                        message ??= property.Value.GetString();
                    }
                }
            }
        }
        catch (JsonException)
        {
            // A proxy or load balancer may send HTML or plain text, so a prefix of it becomes the message.
            message = Encoding.UTF8.GetString(content, 0, Math.Min(content.Length, 512));
        }

        code = NormalizeErrorCode(code) ?? (response.StatusCode >= HttpStatusCode.InternalServerError ? "InternalFailure" : $"Http{(int)response.StatusCode}");
        message = string.IsNullOrWhiteSpace(message)
            ? $"{Service.SigningName} {operation} returned HTTP {(int)response.StatusCode} {response.ReasonPhrase} with error {code}."
            : message;
        return new AwsServiceErrorException(code, message, response.StatusCode, requestId);
    }

    internal static string? NormalizeErrorCode(string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return null;
        }

        var hash = code.LastIndexOf('#');
        if (hash >= 0)
        {
            code = code[(hash + 1)..];
        }

        var colon = code.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            code = code[..colon];
        }

        code = code.Trim();
        return code.Length == 0 ? null : code;
    }

    private static string? FirstHeader(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
