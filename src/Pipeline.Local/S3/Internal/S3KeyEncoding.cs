using System.Text;

namespace Pipeline.Local.S3;

/// <summary>The URL encoding S3 applies to object keys in event notifications.</summary>
internal static class S3KeyEncoding
{
    public static string Encode(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var builder = new StringBuilder(key.Length + 16);
        foreach (var b in Encoding.UTF8.GetBytes(key))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '*' or '/')
            {
                builder.Append(c);
            }
            else if (c == ' ')
            {
                builder.Append('+');
            }
            else
            {
                builder.Append('%').Append(Convert.ToHexString([b]));
            }
        }

        return builder.ToString();
    }

    public static string Decode(string encodedKey)
    {
        ArgumentNullException.ThrowIfNull(encodedKey);
        var builder = new StringBuilder(encodedKey.Length);
        var pending = new List<byte>();
        for (var i = 0; i < encodedKey.Length; i++)
        {
            var c = encodedKey[i];
            if (c == '%' && i + 2 < encodedKey.Length && char.IsAsciiHexDigit(encodedKey[i + 1]) && char.IsAsciiHexDigit(encodedKey[i + 2]))
            {
                // Consecutive escapes form one UTF-8 sequence, so they are decoded together.
                pending.Add(Convert.FromHexString(encodedKey.AsSpan(i + 1, 2))[0]);
                i += 2;
                continue;
            }

            Flush(builder, pending);
            builder.Append(c == '+' ? ' ' : c);
        }

        Flush(builder, pending);
        return builder.ToString();
    }

    private static void Flush(StringBuilder builder, List<byte> pending)
    {
        if (pending.Count > 0)
        {
            builder.Append(Encoding.UTF8.GetString(pending.ToArray()));
            pending.Clear();
        }
    }
}
