using System.Runtime.InteropServices;

namespace Pipeline.Preprocessing.Internal.Values;

/// <summary>
/// OpenSSL's low-level <c>SHA256_Init</c>, <c>SHA256_Update</c> and <c>SHA256_Final</c> from libcrypto, called
/// directly where the library is present (Linux), with the context on the stack. .NET's
/// <see cref="System.Security.Cryptography.IncrementalHash"/> and OpenSSL's one-shot <c>SHA256()</c> both go
/// through EVP. A perf profile showed EVP taking locks, looking the algorithm up and clearing the error queue on
/// every call, which costs more than hashing a short row.
/// </summary>
internal static unsafe class NativeSha256
{
    // sizeof(SHA256_CTX) is 112 bytes in OpenSSL 1.1 and 3; the stack buffer leaves room to spare.
    private const int ContextBytes = 256;

    private static readonly Functions? Native = Load();

    /// <summary>Whether the native functions were found; otherwise callers use .NET's implementation.</summary>
    public static bool IsAvailable => Native is not null;

    /// <summary>Writes the SHA-256 digest of <paramref name="data"/> to the 32 bytes of <paramref name="digest"/>.</summary>
    public static void Hash(ReadOnlySpan<byte> data, Span<byte> digest)
    {
        if (digest.Length < 32)
        {
            throw new ArgumentException("The digest needs 32 bytes.", nameof(digest));
        }

        var native = Native ?? throw new InvalidOperationException("libcrypto's SHA-256 functions are not available.");
        var context = stackalloc byte[ContextBytes];
        fixed (byte* input = data)
        fixed (byte* output = digest)
        {
            native.Init(context);
            native.Update(context, input, (nuint)data.Length);
            native.Final(output, context);
        }
    }

    private static Functions? Load()
    {
        if (Environment.GetEnvironmentVariable("PIPELINE_MANAGED_SHA256") == "1")
        {
            return null;
        }

        foreach (var name in (string[])["libcrypto.so.3", "libcrypto.so.1.1", "libcrypto.so"])
        {
            if (NativeLibrary.TryLoad(name, out var library)
                && NativeLibrary.TryGetExport(library, "SHA256_Init", out var init)
                && NativeLibrary.TryGetExport(library, "SHA256_Update", out var update)
                && NativeLibrary.TryGetExport(library, "SHA256_Final", out var final))
            {
                return new Functions(
                    (delegate* unmanaged[SuppressGCTransition]<byte*, int>)init,
                    (delegate* unmanaged[SuppressGCTransition]<byte*, byte*, nuint, int>)update,
                    (delegate* unmanaged[SuppressGCTransition]<byte*, byte*, int>)final);
            }
        }

        return null;
    }

    private sealed class Functions(
        delegate* unmanaged[SuppressGCTransition]<byte*, int> init,
        delegate* unmanaged[SuppressGCTransition]<byte*, byte*, nuint, int> update,
        delegate* unmanaged[SuppressGCTransition]<byte*, byte*, int> final)
    {
        public delegate* unmanaged[SuppressGCTransition]<byte*, int> Init { get; } = init;

        public delegate* unmanaged[SuppressGCTransition]<byte*, byte*, nuint, int> Update { get; } = update;

        public delegate* unmanaged[SuppressGCTransition]<byte*, byte*, int> Final { get; } = final;
    }
}
