using System.Text;

namespace Pipeline.Preprocessing.Internal.Specification;

/// <summary>Resolves the encoding names a specification may use, including Python's spellings (<c>utf-8-sig</c>, <c>latin-1</c>).</summary>
internal static class TextEncodings
{
    static TextEncodings() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static bool TryGet(string name, out Encoding encoding)
    {
        var normalized = name.Trim().ToUpperInvariant().Replace('_', '-');
        switch (normalized)
        {
            case "UTF-8" or "UTF8" or "UTF-8-SIG" or "UTF8-SIG":
                encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
                return true;
            case "LATIN-1" or "LATIN1":
                encoding = Encoding.Latin1;
                return true;
        }

        try
        {
            encoding = Encoding.GetEncoding(normalized, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
            return true;
        }
        catch (ArgumentException)
        {
            encoding = Encoding.UTF8;
            return false;
        }
    }
}
