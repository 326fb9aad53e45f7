using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Pipeline.Local.Persistence;
using Pipeline.Local.Services;

namespace Pipeline.Local.SageMaker.Registry;

/// <summary>
/// The local SageMaker model registry: model package groups and the versioned model packages in them,
/// with the request fields, response fields and errors of the SageMaker API.
/// </summary>
/// <remarks>
/// Model packages reach <c>ModelPackageStatus</c> <c>Completed</c> at once, because nothing is
/// validated or scanned locally. As in SageMaker, <c>CreateModelPackage</c> does not create a missing
/// group: it fails with a <c>ValidationException</c>, so the group must be created first.
/// Records live in the <see cref="IResourceStore"/> under <see cref="GroupKind"/> and
/// <see cref="PackageKind"/>, keyed by the lowercase resource part of their ARN.
/// </remarks>
public sealed partial class ModelRegistryService : IDisposable
{
    /// <summary>The resource store kind of model package groups.</summary>
    public const string GroupKind = "sagemaker/ModelPackageGroup";

    /// <summary>The resource store kind of model packages.</summary>
    public const string PackageKind = "sagemaker/ModelPackage";

    private readonly IResourceStore _store;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly string _region;
    private readonly string _accountId;

    // Serializes read-modify-write updates of one process; creation relies on TryAddAsync instead.
    private readonly SemaphoreSlim _updateLock = new(1, 1);

    public ModelRegistryService(IResourceStore store, TimeProvider timeProvider, ILoggerFactory loggerFactory, string region, string accountId)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        ArgumentException.ThrowIfNullOrWhiteSpace(region);
        ArgumentException.ThrowIfNullOrWhiteSpace(accountId);
        _store = store;
        _timeProvider = timeProvider;
        _logger = loggerFactory.CreateLogger<ModelRegistryService>();
        _region = region;
        _accountId = accountId;
    }

    public void Dispose() => _updateLock.Dispose();

    /// <summary>Adds the model registry operations to <paramref name="registry"/> under the signing name <c>sagemaker</c>.</summary>
    public void Register(LocalServiceRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.Register("sagemaker", "CreateModelPackageGroup", CreateModelPackageGroupAsync);
        registry.Register("sagemaker", "DescribeModelPackageGroup", DescribeModelPackageGroupAsync);
        registry.Register("sagemaker", "ListModelPackageGroups", ListModelPackageGroupsAsync);
        registry.Register("sagemaker", "DeleteModelPackageGroup", DeleteModelPackageGroupAsync);
        registry.Register("sagemaker", "CreateModelPackage", CreateModelPackageAsync);
        registry.Register("sagemaker", "DescribeModelPackage", DescribeModelPackageAsync);
        registry.Register("sagemaker", "ListModelPackages", ListModelPackagesAsync);
        registry.Register("sagemaker", "UpdateModelPackage", UpdateModelPackageAsync);
        registry.Register("sagemaker", "DeleteModelPackage", DeleteModelPackageAsync);
    }

    /// <summary>Creates a model package group (<c>CreateModelPackageGroup</c>).</summary>
    public async Task<JsonObject> CreateModelPackageGroupAsync(JsonObject request, CancellationToken cancellationToken = default)
    {
        var name = SageMakerRequest.RequiredName(request, "ModelPackageGroupName");
        var description = OptionalText(request, "ModelPackageGroupDescription", 1024);
        var arn = GroupArn(name);
        var document = new JsonObject
        {
            ["ModelPackageGroupName"] = name,
            ["ModelPackageGroupArn"] = arn,
            ["ModelPackageGroupDescription"] = description,
            ["CreationTime"] = SageMakerRequest.ToEpochSeconds(_timeProvider.GetUtcNow()),
            ["CreatedBy"] = new JsonObject(),
            ["ModelPackageGroupStatus"] = "Completed",
        };
        if (description is null)
        {
            document.Remove("ModelPackageGroupDescription");
        }

        if (!await _store.TryAddAsync(GroupKind, name.ToLowerInvariant(), document, cancellationToken).ConfigureAwait(false))
        {
            throw AwsServiceException.Validation($"Model Package Group already exists: {arn}");
        }

        Log.ModelPackageGroupCreated(_logger, name);
        return new JsonObject { ["ModelPackageGroupArn"] = arn };
    }

    /// <summary>Describes a model package group by name or ARN (<c>DescribeModelPackageGroup</c>).</summary>
    public async Task<JsonObject> DescribeModelPackageGroupAsync(JsonObject request, CancellationToken cancellationToken = default)
    {
        var group = await GetGroupAsync(SageMakerRequest.RequiredString(request, "ModelPackageGroupName"), cancellationToken).ConfigureAwait(false);
        return group;
    }

    /// <summary>
    /// Deletes an empty model package group (<c>DeleteModelPackageGroup</c>); a group that still has
    /// versions is rejected, so no registered model is lost.
    /// </summary>
    public async Task<JsonObject> DeleteModelPackageGroupAsync(JsonObject request, CancellationToken cancellationToken = default)
    {
        var group = await GetGroupAsync(SageMakerRequest.RequiredString(request, "ModelPackageGroupName"), cancellationToken).ConfigureAwait(false);
        var name = (string)group["ModelPackageGroupName"]!;
        var versions = await ListGroupVersionsAsync(name, cancellationToken).ConfigureAwait(false);
        if (versions.Count > 0)
        {
            // NOTE: the exact error SageMaker returns for a non-empty group is not documented; this one names the fix.
            throw AwsServiceException.Validation(
                $"Model Package Group {group["ModelPackageGroupArn"]} contains {versions.Count} model package version(s). Delete them with DeleteModelPackage first.");
        }

        await _store.DeleteAsync(GroupKind, name.ToLowerInvariant(), cancellationToken).ConfigureAwait(false);
        Log.ModelPackageGroupDeleted(_logger, name);
        return new JsonObject();
    }

    private async Task<JsonObject> GetGroupAsync(string nameOrArn, CancellationToken cancellationToken)
    {
        var name = SageMakerArns.ResourceOf(nameOrArn, "model-package-group");
        var group = name is null ? null : await _store.GetAsync(GroupKind, name.ToLowerInvariant(), cancellationToken).ConfigureAwait(false);
        return group ?? throw AwsServiceException.Validation($"ModelPackageGroup {GroupArn(name ?? nameOrArn)} does not exist.");
    }

    private string GroupArn(string name) => SageMakerArns.Build(_region, _accountId, "model-package-group", name);

    private static string? OptionalText(JsonObject request, string member, int maxLength)
    {
        var text = SageMakerRequest.OptionalString(request, member);
        if (text is not null && text.Length > maxLength)
        {
            throw SageMakerRequest.ValidationError(text, member, $"Member must have length less than or equal to {maxLength}");
        }

        return text;
    }
}
