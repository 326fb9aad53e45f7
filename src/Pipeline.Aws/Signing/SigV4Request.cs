namespace Pipeline.Aws.Signing;

/// <summary>
/// The parts of an HTTP request that Signature Version 4 signs.
/// </summary>
/// <param name="Method">The HTTP method, for example <c>POST</c>.</param>
/// <param name="Path">The absolute path, already percent-encoded as sent on the wire (for example <c>/</c>).</param>
/// <param name="Query">The decoded query parameters, in any order.</param>
/// <param name="Headers">The headers to sign, including <c>host</c>, in any order and case.</param>
/// <param name="PayloadHash">The lowercase hex SHA-256 of the body.</param>
public sealed record SigV4Request(
    string Method,
    string Path,
    IReadOnlyList<KeyValuePair<string, string>> Query,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    string PayloadHash);
