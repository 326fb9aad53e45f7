using System.Diagnostics.CodeAnalysis;

namespace Pipeline.Local.Storage;

/// <summary>A parsed <c>s3://bucket/key</c> address.</summary>
public readonly record struct S3Uri(string Bucket, string Key)
{
    public static S3Uri Parse(string uri)
    {
        if (!TryParse(uri, out var parsed))
        {
            throw new FormatException($"'{uri}' is not an S3 URI. Use the form s3://BUCKET/KEY.");
        }

        return parsed;
    }

    public static bool TryParse(string? uri, [NotNullWhen(true)] out S3Uri result)
    {
        result = default;
        if (uri is null || !uri.StartsWith("s3://", StringComparison.Ordinal))
        {
            return false;
        }

        var rest = uri["s3://".Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var bucket = slash < 0 ? rest : rest[..slash];
        var key = slash < 0 ? string.Empty : rest[(slash + 1)..];
        if (bucket.Length == 0)
        {
            return false;
        }

        result = new S3Uri(bucket, key);
        return true;
    }

    public override string ToString() => $"s3://{Bucket}/{Key}";
}
