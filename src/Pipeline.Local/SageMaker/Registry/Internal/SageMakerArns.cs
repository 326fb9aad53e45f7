namespace Pipeline.Local.SageMaker;

/// <summary>Builds and parses SageMaker ARNs, which carry the resource name in lowercase.</summary>
internal static class SageMakerArns
{
    public static string Partition(string region) =>
        region.StartsWith("cn-", StringComparison.Ordinal) ? "aws-cn"
        : region.StartsWith("us-gov-", StringComparison.Ordinal) ? "aws-us-gov"
        : "aws";

    /// <summary>Returns <c>arn:aws:sagemaker:REGION:ACCOUNT:TYPE/name-in-lowercase</c>.</summary>
    public static string Build(string region, string accountId, string resourceType, string resource) =>
        $"arn:{Partition(region)}:sagemaker:{region}:{accountId}:{resourceType}/{resource.ToLowerInvariant()}";

    /// <summary>
    /// Returns the resource part of an ARN of <paramref name="resourceType"/> (the text after
    /// <c>TYPE/</c>), or the value itself when it is not an ARN, so callers accept a name or an ARN.
    /// Returns null when the value is an ARN of another resource type.
    /// </summary>
    public static string? ResourceOf(string nameOrArn, string resourceType)
    {
        if (!nameOrArn.StartsWith("arn:", StringComparison.Ordinal))
        {
            return nameOrArn;
        }

        var parts = nameOrArn.Split(':', 6);
        if (parts.Length != 6 || parts[2] != "sagemaker")
        {
            return null;
        }

        var prefix = resourceType + "/";
        return parts[5].StartsWith(prefix, StringComparison.Ordinal) ? parts[5][prefix.Length..] : null;
    }
}
