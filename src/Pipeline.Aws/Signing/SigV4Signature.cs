namespace Pipeline.Aws.Signing;

/// <summary>The intermediate and final values of one signature, as the AWS documentation names them.</summary>
public sealed record SigV4Signature(
    string CanonicalRequest,
    string StringToSign,
    string CredentialScope,
    string SignedHeaders,
    string Signature,
    string Authorization,
    string AmzDate);
