using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Pipeline.Local.Storage;

namespace Pipeline.Local.S3;

internal sealed partial class S3RequestHandler
{
    private const int MaxKeysLimit = 1000;

    /// <summary>
    /// Serves ListObjectsV2 (<paramref name="version2"/>) and ListObjects: prefix, delimiter (common prefixes
    /// count toward max-keys), max-keys (at most 1000), start-after or marker, continuation tokens, and
    /// <c>encoding-type=url</c>, which the AWS CLI always sends.
    /// </summary>
    private async Task ListObjectsAsync(HttpContext context, string bucket, bool version2)
    {
        EnsureBucket(bucket);
        var query = context.Request.Query;
        var prefix = query["prefix"].ToString();
        var delimiter = query["delimiter"].ToString();
        var encodingType = query["encoding-type"].ToString();
        if (encodingType.Length > 0 && encodingType != "url")
        {
            throw S3Error.InvalidArgument("Invalid Encoding Method specified in Request", "encoding-type", encodingType);
        }

        var maxKeys = ReadMaxKeys(query["max-keys"].ToString());
        var continuationToken = version2 && query.ContainsKey("continuation-token") ? query["continuation-token"].ToString() : null;
        var startAfter = version2 ? query["start-after"].ToString() : query["marker"].ToString();
        string? after = null;
        if (continuationToken is not null)
        {
            after = DecodeContinuationToken(continuationToken);
        }
        else if (startAfter.Length > 0)
        {
            after = startAfter;
        }

        var objects = new List<ObjectInfo>();
        await foreach (var info in _store.ListObjectsAsync(bucket, prefix, context.RequestAborted).ConfigureAwait(false))
        {
            objects.Add(info);
        }

        var contents = new List<ObjectInfo>();
        var commonPrefixes = new List<string>();
        string? lastEmitted = null;
        var truncated = false;
        foreach (var info in objects)
        {
            if (after is not null && string.CompareOrdinal(info.Key, after) <= 0)
            {
                continue;
            }

            string? common = null;
            if (delimiter.Length > 0)
            {
                var index = info.Key.IndexOf(delimiter, prefix.Length, StringComparison.Ordinal);
                common = index < 0 ? null : info.Key[..(index + delimiter.Length)];
            }

            // Keys under a common prefix already listed (on this page or, via the token, on the last) roll up into it.
            if (common is not null && (common == lastEmitted || common == after))
            {
                continue;
            }

            if (contents.Count + commonPrefixes.Count >= maxKeys)
            {
                truncated = maxKeys > 0;
                break;
            }

            if (common is not null)
            {
                commonPrefixes.Add(common);
                lastEmitted = common;
            }
            else
            {
                contents.Add(info);
                lastEmitted = info.Key;
            }
        }

        var url = encodingType == "url";
        string Encode(string value) => url ? UrlEncode(value) : value;
        var root = S3Xml.Element("ListBucketResult", S3Xml.Element("Name", bucket), S3Xml.Element("Prefix", Encode(prefix)));
        if (version2)
        {
            if (continuationToken is not null)
            {
                root.Add(S3Xml.Element("ContinuationToken", continuationToken));
            }

            if (truncated)
            {
                root.Add(S3Xml.Element("NextContinuationToken", EncodeContinuationToken(lastEmitted!)));
            }

            if (startAfter.Length > 0)
            {
                root.Add(S3Xml.Element("StartAfter", Encode(startAfter)));
            }

            root.Add(S3Xml.Element("KeyCount", contents.Count + commonPrefixes.Count));
        }
        else
        {
            root.Add(S3Xml.Element("Marker", Encode(startAfter)));
            if (truncated)
            {
                root.Add(S3Xml.Element("NextMarker", Encode(lastEmitted!)));
            }
        }

        root.Add(S3Xml.Element("MaxKeys", maxKeys));
        if (delimiter.Length > 0)
        {
            root.Add(S3Xml.Element("Delimiter", Encode(delimiter)));
        }

        if (url)
        {
            root.Add(S3Xml.Element("EncodingType", "url"));
        }

        root.Add(S3Xml.Element("IsTruncated", truncated ? "true" : "false"));
        var withOwner = !version2 || string.Equals(query["fetch-owner"], "true", StringComparison.OrdinalIgnoreCase);
        foreach (var info in contents)
        {
            root.Add(S3Xml.Element("Contents",
                S3Xml.Element("Key", Encode(info.Key)),
                S3Xml.Element("LastModified", S3Xml.Timestamp(info.LastModified)),
                S3Xml.Element("ETag", S3Xml.Quote(info.ETag)),
                S3Xml.Element("Size", info.Size),
                withOwner ? Owner() : null,
                S3Xml.Element("StorageClass", "STANDARD")));
        }

        foreach (var common in commonPrefixes)
        {
            root.Add(S3Xml.Element("CommonPrefixes", S3Xml.Element("Prefix", Encode(common))));
        }

        await WriteXmlAsync(context, root).ConfigureAwait(false);
    }

    private static int ReadMaxKeys(string value)
    {
        if (value.Length == 0)
        {
            return MaxKeysLimit;
        }

        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var maxKeys))
        {
            throw S3Error.InvalidArgument("Provided max-keys not an integer or within integer range", "max-keys", value);
        }

        return Math.Min(maxKeys, MaxKeysLimit);
    }

    private static string EncodeContinuationToken(string lastKey) => Convert.ToBase64String(Encoding.UTF8.GetBytes("local:" + lastKey));

    private static string DecodeContinuationToken(string token)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            if (text.StartsWith("local:", StringComparison.Ordinal))
            {
                return text["local:".Length..];
            }
        }
        catch (FormatException)
        {
            // Reported below as S3 reports a token it did not issue.
        }

        throw S3Error.InvalidArgument("The continuation token provided is incorrect", "continuation-token", token);
    }

    /// <summary>
    /// Percent-encodes a key for <c>encoding-type=url</c>: every UTF-8 byte except unreserved characters and
    /// <c>/</c>, so that clients decoding with form rules (<c>+</c> as space) read the key back exactly.
    /// </summary>
    private static string UrlEncode(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~' or '/')
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
}
