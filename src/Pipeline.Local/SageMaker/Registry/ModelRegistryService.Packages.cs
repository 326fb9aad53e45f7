using System.Globalization;
using System.Text.Json.Nodes;
using Pipeline.Local.Services;

namespace Pipeline.Local.SageMaker.Registry;

public sealed partial class ModelRegistryService
{
    private static readonly string[] ApprovalStatuses = ["Approved", "Rejected", "PendingManualApproval"];

    // Optional request members that SageMaker stores and returns unchanged in DescribeModelPackage.
    private static readonly string[] PassThroughMembers =
    [
        "ModelMetrics", "MetadataProperties", "SourceAlgorithmSpecification", "ValidationSpecification",
        "DriftCheckBaselines", "Domain", "Task", "SamplePayloadUrl", "AdditionalInferenceSpecifications",
        "SkipModelValidation", "SourceUri", "ModelCard", "ModelLifeCycle",
    ];

    /// <summary>
    /// Registers a model package (<c>CreateModelPackage</c>): a new version in <c>ModelPackageGroupName</c>,
    /// or an unversioned package named <c>ModelPackageName</c>.
    /// </summary>
    public async Task<JsonObject> CreateModelPackageAsync(JsonObject request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var groupReference = SageMakerRequest.OptionalString(request, "ModelPackageGroupName");
        var packageName = SageMakerRequest.OptionalString(request, "ModelPackageName");
        if (groupReference is not null && packageName is not null)
        {
            throw AwsServiceException.Validation(
                "Both ModelPackageName and ModelPackageGroupName are provided in the input. Cannot determine which one to use. Pass ModelPackageGroupName to register a version in a group.");
        }

        if (groupReference is null && packageName is null)
        {
            throw AwsServiceException.Validation("Missing ARN: pass ModelPackageGroupName (a versioned package) or ModelPackageName (an unversioned package).");
        }

        var document = BuildPackageDocument(request, packageName is not null);
        var clientToken = SageMakerRequest.OptionalString(request, "ClientToken");
        if (packageName is not null)
        {
            return await CreateUnversionedAsync(packageName, document, cancellationToken).ConfigureAwait(false);
        }

        var group = await GetGroupAsync(groupReference!, cancellationToken).ConfigureAwait(false);
        var groupName = (string)group["ModelPackageGroupName"]!;
        var existing = await ListGroupVersionsAsync(groupName, cancellationToken).ConfigureAwait(false);
        if (clientToken is not null && existing.FirstOrDefault(p => (string?)p["_ClientToken"] == clientToken) is { } repeated)
        {
            // A retried request with the same ClientToken returns the package it already created.
            return new JsonObject { ["ModelPackageArn"] = (string)repeated["ModelPackageArn"]! };
        }

        document["ModelPackageName"] = groupName;
        document["ModelPackageGroupName"] = groupName;
        document["ModelApprovalStatus"] ??= "PendingManualApproval";
        if (clientToken is not null)
        {
            document["_ClientToken"] = clientToken;
        }

        var version = existing.Count == 0 ? 1 : existing.Max(p => (int)p["ModelPackageVersion"]!) + 1;
        while (true)
        {
            var arn = PackageArn($"{groupName}/{version}");
            document["ModelPackageVersion"] = version;
            document["ModelPackageArn"] = arn;
            if (await _store.TryAddAsync(PackageKind, $"{groupName.ToLowerInvariant()}/{version}", document, cancellationToken).ConfigureAwait(false))
            {
                Log.ModelPackageCreated(_logger, arn, (string?)document["ModelApprovalStatus"]);
                return new JsonObject { ["ModelPackageArn"] = arn };
            }

            // Another request took this version number first; take the next one, as SageMaker numbers versions in creation order.
            version++;
        }
    }

    /// <summary>
    /// Describes a model package (<c>DescribeModelPackage</c>) by ARN, by <c>group/version</c>, or by the
    /// name of an unversioned package.
    /// </summary>
    public async Task<JsonObject> DescribeModelPackageAsync(JsonObject request, CancellationToken cancellationToken = default)
    {
        var package = await GetPackageAsync(SageMakerRequest.RequiredString(request, "ModelPackageName"), cancellationToken).ConfigureAwait(false);
        return ToResponse(package);
    }

    /// <summary>
    /// Updates a model package (<c>UpdateModelPackage</c>): approval status and description,
    /// customer metadata (merged; <c>CustomerMetadataPropertiesToRemove</c> deletes keys), and
    /// additional inference specifications.
    /// </summary>
    public async Task<JsonObject> UpdateModelPackageAsync(JsonObject request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var reference = SageMakerRequest.RequiredString(request, "ModelPackageArn");
        var status = SageMakerRequest.OptionalEnum(request, "ModelApprovalStatus", ApprovalStatuses);
        var approvalDescription = OptionalText(request, "ApprovalDescription", 1024);
        var metadata = SageMakerRequest.OptionalStringMap(request, "CustomerMetadataProperties", 50, 128, 256);
        var toRemove = new List<string>();
        if (request["CustomerMetadataPropertiesToRemove"] is JsonArray removeArray)
        {
            foreach (var item in removeArray)
            {
                toRemove.Add(item is JsonValue value && value.TryGetValue<string>(out var key)
                    ? key
                    : throw SageMakerRequest.ValidationError(item?.ToJsonString(), "CustomerMetadataPropertiesToRemove", "Member must be a list of strings"));
            }
        }
        var toAdd = request["AdditionalInferenceSpecificationsToAdd"] as JsonArray;
        if (status is null && approvalDescription is null && metadata is null && toRemove.Count == 0 && toAdd is null)
        {
            throw AwsServiceException.Validation(
                "UpdateModelPackage needs at least one of ModelApprovalStatus, ApprovalDescription, CustomerMetadataProperties, CustomerMetadataPropertiesToRemove or AdditionalInferenceSpecificationsToAdd.");
        }

        await _updateLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var package = await GetPackageAsync(reference, cancellationToken).ConfigureAwait(false);
            var arn = (string)package["ModelPackageArn"]!;
            var previousStatus = (string?)package["ModelApprovalStatus"];
            if (status is not null)
            {
                package["ModelApprovalStatus"] = status;
            }

            if (approvalDescription is not null)
            {
                package["ApprovalDescription"] = approvalDescription;
            }

            var properties = package["CustomerMetadataProperties"] as JsonObject ?? [];
            package["CustomerMetadataProperties"] = properties;
            foreach (var (key, value) in metadata ?? [])
            {
                properties[key] = value;
            }

            foreach (var key in toRemove)
            {
                properties.Remove(key);
            }

            if (properties.Count == 0)
            {
                package.Remove("CustomerMetadataProperties");
            }

            if (toAdd is not null)
            {
                var additional = package["AdditionalInferenceSpecifications"] as JsonArray ?? [];
                package["AdditionalInferenceSpecifications"] = additional;
                foreach (var item in toAdd)
                {
                    additional.Add(item?.DeepClone());
                }
            }

            package["LastModifiedTime"] = SageMakerRequest.ToEpochSeconds(_timeProvider.GetUtcNow());
            package["LastModifiedBy"] = new JsonObject();
            await _store.PutAsync(PackageKind, StoreKeyOf(package), package, cancellationToken).ConfigureAwait(false);
            if (status is not null && status != previousStatus)
            {
                Log.ModelPackageApprovalChanged(_logger, arn, previousStatus, status);
            }

            return new JsonObject { ["ModelPackageArn"] = arn };
        }
        finally
        {
            _updateLock.Release();
        }
    }

    /// <summary>Deletes a model package (<c>DeleteModelPackage</c>) by ARN or name.</summary>
    public async Task<JsonObject> DeleteModelPackageAsync(JsonObject request, CancellationToken cancellationToken = default)
    {
        var package = await GetPackageAsync(SageMakerRequest.RequiredString(request, "ModelPackageName"), cancellationToken).ConfigureAwait(false);
        await _store.DeleteAsync(PackageKind, StoreKeyOf(package), cancellationToken).ConfigureAwait(false);
        Log.ModelPackageDeleted(_logger, (string)package["ModelPackageArn"]!);
        return new JsonObject();
    }

    private async Task<JsonObject> CreateUnversionedAsync(string packageName, JsonObject document, CancellationToken cancellationToken)
    {
        SageMakerRequest.CheckName(packageName, "ModelPackageName");
        var arn = PackageArn(packageName);
        document["ModelPackageName"] = packageName;
        document["ModelPackageArn"] = arn;
        if (!await _store.TryAddAsync(PackageKind, packageName.ToLowerInvariant(), document, cancellationToken).ConfigureAwait(false))
        {
            throw AwsServiceException.Validation($"Model Package already exists: {arn}");
        }

        Log.ModelPackageCreated(_logger, arn, (string?)document["ModelApprovalStatus"]);
        return new JsonObject { ["ModelPackageArn"] = arn };
    }

    private JsonObject BuildPackageDocument(JsonObject request, bool unversioned)
    {
        var description = OptionalText(request, "ModelPackageDescription", 1024);
        var status = SageMakerRequest.OptionalEnum(request, "ModelApprovalStatus", ApprovalStatuses);
        var metadata = SageMakerRequest.OptionalStringMap(request, "CustomerMetadataProperties", 50, 128, 256);
        var inference = InferenceSpecificationReader.Read(request["InferenceSpecification"], unversioned);
        var document = new JsonObject();
        if (description is not null)
        {
            document["ModelPackageDescription"] = description;
        }

        document["CreationTime"] = SageMakerRequest.ToEpochSeconds(_timeProvider.GetUtcNow());
        if (inference is not null)
        {
            document["InferenceSpecification"] = inference;
        }

        document["ModelPackageStatus"] = "Completed";
        document["ModelPackageStatusDetails"] = new JsonObject { ["ValidationStatuses"] = new JsonArray(), ["ImageScanStatuses"] = new JsonArray() };
        document["CertifyForMarketplace"] = request["CertifyForMarketplace"]?.DeepClone() ?? false;
        if (status is not null)
        {
            document["ModelApprovalStatus"] = status;
        }

        document["CreatedBy"] = new JsonObject();
        if (metadata is not null)
        {
            document["CustomerMetadataProperties"] = new JsonObject(metadata.Select(pair => KeyValuePair.Create(pair.Key, (JsonNode?)pair.Value)));
        }

        foreach (var member in PassThroughMembers)
        {
            if (request[member] is { } value)
            {
                document[member] = value.DeepClone();
            }
        }

        return document;
    }

    private async Task<JsonObject> GetPackageAsync(string nameOrArn, CancellationToken cancellationToken)
    {
        var resource = SageMakerArns.ResourceOf(nameOrArn, "model-package");
        var package = resource is null ? null : await _store.GetAsync(PackageKind, resource.ToLowerInvariant(), cancellationToken).ConfigureAwait(false);
        return package ?? throw AwsServiceException.Validation($"ModelPackage {PackageArn(resource ?? nameOrArn)} does not exist.");
    }

    private async Task<IReadOnlyList<JsonObject>> ListGroupVersionsAsync(string groupName, CancellationToken cancellationToken)
    {
        var all = await _store.ListAsync(PackageKind, cancellationToken).ConfigureAwait(false);
        return all.Where(p => p["ModelPackageVersion"] is not null
                && string.Equals((string?)p["ModelPackageGroupName"], groupName, StringComparison.OrdinalIgnoreCase))
            .ToList();
    }

    private static string StoreKeyOf(JsonObject package) =>
        package["ModelPackageVersion"] is { } version
            ? $"{((string)package["ModelPackageGroupName"]!).ToLowerInvariant()}/{((int)version).ToString(CultureInfo.InvariantCulture)}"
            : ((string)package["ModelPackageName"]!).ToLowerInvariant();

    private static JsonObject ToResponse(JsonObject package)
    {
        foreach (var key in package.Select(pair => pair.Key).Where(key => key.StartsWith('_')).ToList())
        {
            package.Remove(key);
        }

        return package;
    }

    private string PackageArn(string resource) => SageMakerArns.Build(_region, _accountId, "model-package", resource);
}
