namespace Pipeline.Aws.Signing;

/// <summary>An access key pair, with a session token for temporary credentials.</summary>
public sealed record SigV4Credentials(string AccessKeyId, string SecretAccessKey, string? SessionToken = null)
{
    /// <summary>Hides the secret, so the record can be logged or shown in a failed assertion.</summary>
    public override string ToString() => $"SigV4Credentials {{ AccessKeyId = {AccessKeyId} }}";
}
