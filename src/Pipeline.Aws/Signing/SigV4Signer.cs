using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Pipeline.Aws.Signing;

/// <summary>
/// Signs requests with AWS Signature Version 4 (<c>AWS4-HMAC-SHA256</c>), the header form.
/// </summary>
/// <remarks>
/// The steps are those of the AWS documentation "Create a signed AWS API request": canonical request,
/// string to sign over the credential scope <c>date/region/service/aws4_request</c>, a signing key
/// derived by chained HMAC-SHA256, and the <c>Authorization</c> header. For every service except S3
/// each path segment is encoded once more, as the documentation requires.
/// </remarks>
public static class SigV4Signer
{
    /// <summary>The algorithm name of the Authorization header and string to sign.</summary>
    public const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>The hex SHA-256 of an empty body.</summary>
    public const string EmptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /// <summary>Formats a time as the <c>X-Amz-Date</c> value, for example <c>20150830T123600Z</c>.</summary>
    public static string FormatAmzDate(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Returns the lowercase hex SHA-256 of <paramref name="payload"/>.</summary>
    public static string HashPayload(ReadOnlySpan<byte> payload) => Convert.ToHexStringLower(SHA256.HashData(payload));

    /// <summary>
    /// Computes the signature of <paramref name="request"/>. The request's headers must already contain
    /// <c>host</c> and <c>x-amz-date</c> (equal to <paramref name="time"/>), and <c>x-amz-security-token</c>
    /// when the credentials have a session token, because every given header is signed.
    /// </summary>
    public static SigV4Signature Sign(SigV4Request request, SigV4Credentials credentials, string region, string service, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentException.ThrowIfNullOrEmpty(region);
        ArgumentException.ThrowIfNullOrEmpty(service);

        var amzDate = FormatAmzDate(time);
        var date = amzDate[..8];
        var (canonicalHeaders, signedHeaders) = CanonicalizeHeaders(request.Headers);
        var canonicalRequest = string.Join(
            '\n',
            request.Method.ToUpperInvariant(),
            CanonicalizePath(request.Path, doubleEncode: !string.Equals(service, "s3", StringComparison.Ordinal)),
            CanonicalizeQuery(request.Query),
            canonicalHeaders,
            signedHeaders,
            request.PayloadHash);

        var scope = $"{date}/{region}/{service}/aws4_request";
        var stringToSign = string.Join(
            '\n',
            Algorithm,
            amzDate,
            scope,
            Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest))));

        var key = DeriveSigningKey(credentials.SecretAccessKey, date, region, service);
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
        var authorization = $"{Algorithm} Credential={credentials.AccessKeyId}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}";
        return new SigV4Signature(canonicalRequest, stringToSign, scope, signedHeaders, signature, authorization, amzDate);
    }

    /// <summary>Derives the signing key: HMAC chain over date, region, service and <c>aws4_request</c>.</summary>
    public static byte[] DeriveSigningKey(string secretAccessKey, string date, string region, string service)
    {
        ArgumentNullException.ThrowIfNull(secretAccessKey);
        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secretAccessKey), Encoding.UTF8.GetBytes(date));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(region));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(service));
        return HMACSHA256.HashData(key, "aws4_request"u8);
    }

    /// <summary>Percent-encodes every byte except the RFC 3986 unreserved characters, as SigV4 requires.</summary>
    public static string UriEncode(string value, bool encodeSlash = true)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length * 2);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~' || (c == '/' && !encodeSlash))
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    private static string CanonicalizePath(string path, bool doubleEncode)
    {
        if (string.IsNullOrEmpty(path))
        {
            return "/";
        }

        return doubleEncode ? UriEncode(path, encodeSlash: false) : path;
    }

    private static string CanonicalizeQuery(IReadOnlyList<KeyValuePair<string, string>> query)
    {
        var encoded = query
            .Select(pair => (Key: UriEncode(pair.Key), Value: UriEncode(pair.Value)))
            .OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .ThenBy(pair => pair.Value, StringComparer.Ordinal);
        return string.Join('&', encoded.Select(pair => pair.Key + "=" + pair.Value));
    }

    private static (string Canonical, string Signed) CanonicalizeHeaders(IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        var grouped = headers
            .GroupBy(header => header.Key.Trim().ToLowerInvariant(), StringComparer.Ordinal)
            .OrderBy(group => group.Key, StringComparer.Ordinal)
            .Select(group => (Name: group.Key, Value: string.Join(',', group.Select(header => TrimHeaderValue(header.Value)))))
            .ToList();

        var canonical = new StringBuilder();
        foreach (var (name, value) in grouped)
        {
            canonical.Append(name).Append(':').Append(value).Append('\n');
        }

        return (canonical.ToString(), string.Join(';', grouped.Select(header => header.Name)));
    }

    private static string TrimHeaderValue(string value)
    {
        var builder = new StringBuilder(value.Length);
        var lastWasSpace = false;
        foreach (var c in value.Trim())
        {
            var isSpace = c is ' ' or '\t';
            if (!isSpace || !lastWasSpace)
            {
                builder.Append(isSpace ? ' ' : c);
            }

            lastWasSpace = isSpace;
        }

        return builder.ToString();
    }
}
