using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipeline.Aws.SageMaker;

// Shapes of the SageMaker model registry API (PascalCase members on the wire).

/// <summary>The <c>ListModelPackages</c> request.</summary>
public sealed record ListModelPackagesRequest
{
    public string? ModelPackageGroupName { get; init; }

    /// <summary><c>Approved</c>, <c>Rejected</c> or <c>PendingManualApproval</c>.</summary>
    public string? ModelApprovalStatus { get; init; }

    /// <summary><c>Versioned</c>, <c>Unversioned</c> or <c>Both</c>.</summary>
    public string? ModelPackageType { get; init; }

    /// <summary><c>Name</c> or <c>CreationTime</c>.</summary>
    public string? SortBy { get; init; }

    /// <summary><c>Ascending</c> or <c>Descending</c>.</summary>
    public string? SortOrder { get; init; }

    public int? MaxResults { get; init; }

    public string? NextToken { get; init; }

    public string? NameContains { get; init; }
}

/// <summary>The <c>ListModelPackages</c> response.</summary>
public sealed record ListModelPackagesResponse
{
    public IReadOnlyList<ModelPackageSummary> ModelPackageSummaryList { get; init; } = [];

    public string? NextToken { get; init; }
}

/// <summary>One entry of <c>ModelPackageSummaryList</c>.</summary>
public sealed record ModelPackageSummary
{
    public string? ModelPackageName { get; init; }

    public string? ModelPackageGroupName { get; init; }

    public int? ModelPackageVersion { get; init; }

    public required string ModelPackageArn { get; init; }

    public string? ModelPackageDescription { get; init; }

    public DateTimeOffset CreationTime { get; init; }

    public string? ModelPackageStatus { get; init; }

    public string? ModelApprovalStatus { get; init; }
}

/// <summary>The <c>DescribeModelPackage</c> request.</summary>
public sealed record DescribeModelPackageRequest
{
    /// <summary>The name or ARN of the model package (a versioned package needs its ARN).</summary>
    public required string ModelPackageName { get; init; }
}

/// <summary>The <c>DescribeModelPackage</c> response; members not declared are kept in <see cref="AdditionalProperties"/>.</summary>
public sealed record DescribeModelPackageResponse
{
    public string? ModelPackageName { get; init; }

    public string? ModelPackageGroupName { get; init; }

    public int? ModelPackageVersion { get; init; }

    public required string ModelPackageArn { get; init; }

    public DateTimeOffset CreationTime { get; init; }

    public string? ModelPackageStatus { get; init; }

    public string? ModelApprovalStatus { get; init; }

    /// <summary>Free-form key/value metadata; the pipeline stores the candidate's metrics here.</summary>
    public IReadOnlyDictionary<string, string>? CustomerMetadataProperties { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; init; }
}

/// <summary>Values of <c>ModelApprovalStatus</c>.</summary>
public static class ModelApprovalStatus
{
    public const string Approved = "Approved";
    public const string Rejected = "Rejected";
    public const string PendingManualApproval = "PendingManualApproval";
}
