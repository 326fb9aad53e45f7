using System.Text.Json.Nodes;

namespace Pipeline.Local.SageMaker.Registry;

public sealed partial class ModelRegistryService
{
    /// <summary>
    /// Lists model package groups (<c>ListModelPackageGroups</c>) with <c>NameContains</c>,
    /// <c>CreationTimeAfter</c>/<c>Before</c>, <c>SortBy</c> (<c>CreationTime</c> by default or <c>Name</c>),
    /// <c>SortOrder</c> (<c>Ascending</c> by default), <c>MaxResults</c> (1-100, default 100) and <c>NextToken</c>.
    /// </summary>
    public async Task<JsonObject> ListModelPackageGroupsAsync(JsonObject request, CancellationToken cancellationToken = default)
    {
        var query = ListQuery.Read(request);
        var groups = await _store.ListAsync(GroupKind, cancellationToken).ConfigureAwait(false);
        var selected = query.Apply(groups, group => (string)group["ModelPackageGroupName"]!, _ => 0);
        var (page, nextToken) = PageToken.Slice(selected, query.NextToken, query.MaxResults);
        var summaries = new JsonArray();
        foreach (var group in page)
        {
            var summary = new JsonObject();
            foreach (var member in new[] { "ModelPackageGroupName", "ModelPackageGroupArn", "ModelPackageGroupDescription", "CreationTime", "ModelPackageGroupStatus" })
            {
                if (group[member] is { } value)
                {
                    summary[member] = value.DeepClone();
                }
            }

            summaries.Add(summary);
        }

        var response = new JsonObject { ["ModelPackageGroupSummaryList"] = summaries };
        PageToken.AddTo(response, nextToken);
        return response;
    }

    /// <summary>
    /// Lists model packages (<c>ListModelPackages</c>). With <c>ModelPackageGroupName</c> it lists the
    /// versions in that group; without it, <c>ModelPackageType</c> selects <c>Versioned</c>,
    /// <c>Unversioned</c> (the default, as in SageMaker) or <c>Both</c>. Also filters by
    /// <c>ModelApprovalStatus</c>, <c>NameContains</c> and creation time, and sorts and pages like
    /// <see cref="ListModelPackageGroupsAsync"/>.
    /// </summary>
    public async Task<JsonObject> ListModelPackagesAsync(JsonObject request, CancellationToken cancellationToken = default)
    {
        var query = ListQuery.Read(request);
        var groupReference = SageMakerRequest.OptionalString(request, "ModelPackageGroupName");
        var groupName = groupReference is null ? null : SageMakerArns.ResourceOf(groupReference, "model-package-group") ?? groupReference;
        var approval = SageMakerRequest.OptionalEnum(request, "ModelApprovalStatus", ApprovalStatuses);
        var type = SageMakerRequest.OptionalEnum(request, "ModelPackageType", "Versioned", "Unversioned", "Both")
            ?? (groupName is null ? "Unversioned" : "Versioned");

        var packages = await _store.ListAsync(PackageKind, cancellationToken).ConfigureAwait(false);
        var filtered = packages.Where(package =>
        {
            var versioned = package["ModelPackageVersion"] is not null;
            return (type == "Both" || (type == "Versioned") == versioned)
                && (groupName is null || string.Equals((string?)package["ModelPackageGroupName"], groupName, StringComparison.OrdinalIgnoreCase))
                && (approval is null || (string?)package["ModelApprovalStatus"] == approval);
        }).ToList();
        var selected = query.Apply(filtered, package => (string)package["ModelPackageName"]!, package => (int?)package["ModelPackageVersion"] ?? 0);
        var (page, nextToken) = PageToken.Slice(selected, query.NextToken, query.MaxResults);

        var summaries = new JsonArray();
        foreach (var package in page)
        {
            var versioned = package["ModelPackageVersion"] is not null;
            var summary = new JsonObject();
            foreach (var member in new[] { "ModelPackageName", "ModelPackageGroupName", "ModelPackageVersion", "ModelPackageArn", "ModelPackageDescription", "CreationTime", "ModelPackageStatus", "ModelApprovalStatus" })
            {
                // SageMaker leaves ModelPackageName out of the summaries of versioned packages.
                if (package[member] is { } value && !(versioned && member == "ModelPackageName"))
                {
                    summary[member] = value.DeepClone();
                }
            }

            summaries.Add(summary);
        }

        var response = new JsonObject { ["ModelPackageSummaryList"] = summaries };
        PageToken.AddTo(response, nextToken);
        return response;
    }
}
