using System.IO.Compression;
using System.Text;

namespace Pipeline.Learning.Internal.Data;

/// <summary>Reads channel files into memory, undoing the channel's CompressionType.</summary>
internal static class DataFile
{
    public static byte[] ReadAll(string path, string compressionType)
    {
        if (string.Equals(compressionType, "Gzip", StringComparison.OrdinalIgnoreCase))
        {
            using var file = File.OpenRead(path);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            using var buffer = new MemoryStream();
            try
            {
                gzip.CopyTo(buffer);
            }
            catch (InvalidDataException exception)
            {
                throw new AlgorithmException(
                    $"File '{Path.GetFileName(path)}' is not valid gzip data ({exception.Message}). Upload gzip files, or set the channel's CompressionType to None.",
                    exception);
            }

            return buffer.ToArray();
        }

        if (!string.Equals(compressionType, "None", StringComparison.OrdinalIgnoreCase) && !string.IsNullOrEmpty(compressionType))
        {
            throw new AlgorithmException($"CompressionType '{compressionType}' is not supported. Use None or Gzip.");
        }

        return File.ReadAllBytes(path);
    }

    /// <summary>Renders a cell or line for an error message, shortened to 50 characters.</summary>
    public static string Show(ReadOnlySpan<byte> text)
    {
        var value = Encoding.UTF8.GetString(text.Length > 50 ? text[..50] : text);
        return text.Length > 50 ? value + "..." : value;
    }
}
