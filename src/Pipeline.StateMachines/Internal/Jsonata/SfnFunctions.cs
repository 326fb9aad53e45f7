using System.Security.Cryptography;
using System.Text;

namespace Pipeline.StateMachines.Internal.Jsonata;

/// <summary>The host side of the JSONata functions Step Functions adds ($hash, $random, $uuid).</summary>
internal static class SfnFunctions
{
    public static string Hash(string data, string algorithm)
    {
        var bytes = Encoding.UTF8.GetBytes(data);
#pragma warning disable CA5350, CA5351 // MD5 and SHA-1 are hash choices the $hash function offers, not used for security here.
        var hash = algorithm switch
        {
            "MD5" => MD5.HashData(bytes),
            "SHA-1" => SHA1.HashData(bytes),
            "SHA-256" => SHA256.HashData(bytes),
            "SHA-384" => SHA384.HashData(bytes),
            "SHA-512" => SHA512.HashData(bytes),
            _ => throw new Jint.Runtime.JavaScriptException($"$hash does not support the algorithm '{algorithm}'. Use MD5, SHA-1, SHA-256, SHA-384 or SHA-512"),
        };
#pragma warning restore CA5350, CA5351
        return Convert.ToHexStringLower(hash);
    }

#pragma warning disable CA5394 // $random is not a security feature.
    public static double Random() => System.Random.Shared.NextDouble();

    public static double RandomSeeded(double seed) => new Random((int)seed).NextDouble();
#pragma warning restore CA5394

    public static string Uuid() => Guid.NewGuid().ToString();
}
