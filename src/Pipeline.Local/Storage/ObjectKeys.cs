using System.Text;

namespace Pipeline.Local.Storage;

/// <summary>Checks object keys against S3's rules and the limits of a folder-backed store.</summary>
public static class ObjectKeys
{
    /// <summary>S3's maximum key length, in bytes of UTF-8.</summary>
    public const int MaxKeyBytes = 1024;

    public static void Validate(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length == 0)
        {
            throw new InvalidObjectKeyException(key, "it is empty");
        }

        if (Encoding.UTF8.GetByteCount(key) > MaxKeyBytes)
        {
            throw new InvalidObjectKeyException(key, $"it is longer than {MaxKeyBytes} bytes of UTF-8");
        }

        if (key.Contains('\0', StringComparison.Ordinal) || key.Contains('\\', StringComparison.Ordinal))
        {
            throw new InvalidObjectKeyException(key, "the local store cannot hold NUL or backslash characters in keys");
        }

        foreach (var segment in key.TrimEnd('/').Split('/'))
        {
            if (segment is "" or "." or ".." || segment == FolderObjectStore.FolderMarkerName)
            {
                throw new InvalidObjectKeyException(key, $"the path segment '{segment}' cannot be stored as a folder name");
            }
        }
    }
}

public sealed class InvalidObjectKeyException : ArgumentException
{
    public InvalidObjectKeyException(string key, string reason)
        : base($"The object key '{key}' is not supported because {reason}. Rename the object.")
    {
        Key = key;
    }

    public InvalidObjectKeyException()
    {
        Key = string.Empty;
    }

    public InvalidObjectKeyException(string message)
        : base(message)
    {
        Key = string.Empty;
    }

    public InvalidObjectKeyException(string message, Exception innerException)
        : base(message, innerException)
    {
        Key = string.Empty;
    }

    public string Key { get; }
}

public sealed class InvalidBucketNameException : ArgumentException
{
    public InvalidBucketNameException(string bucket)
        : base($"The bucket name '{bucket}' is invalid: use 3 to 63 lowercase letters, digits, dots or hyphens, starting and ending with a letter or digit.")
    {
    }

    public InvalidBucketNameException()
    {
    }

    public InvalidBucketNameException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

public sealed class BucketNotFoundException : Exception
{
    public BucketNotFoundException(string bucket)
        : base($"The bucket '{bucket}' does not exist. Create it, or check the bucket name in template.yaml.")
    {
        Bucket = bucket;
    }

    public BucketNotFoundException()
    {
        Bucket = string.Empty;
    }

    public BucketNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
        Bucket = string.Empty;
    }

    public string Bucket { get; }
}
