using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Pipeline.Local.Persistence;
using Pipeline.Local.SageMaker.Registry;
using Pipeline.Local.Services;

namespace Pipeline.Local.Tests.SageMaker.Registry;

public sealed class ModelRegistryServiceTests : IDisposable
{
    private const string Region = "us-east-1";
    private const string Account = "123456789012";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 5, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly ModelRegistryService _service;
    private readonly LocalServiceRegistry _registry = new();

    public ModelRegistryServiceTests()
    {
        _service = new ModelRegistryService(new InMemoryResourceStore(), _time, NullLoggerFactory.Instance, Region, Account);
        _service.Register(_registry);
    }

    public void Dispose() => _service.Dispose();

    [Fact]
    public async Task CreateModelPackageGroup_NewName_IsDescribedWithLowercaseArn()
    {
        var created = await CallAsync("CreateModelPackageGroup", """{ "ModelPackageGroupName": "Breast-Cancer", "ModelPackageGroupDescription": "champions" }""");

        var described = await CallAsync("DescribeModelPackageGroup", """{ "ModelPackageGroupName": "Breast-Cancer" }""");
        Assert.Equal("arn:aws:sagemaker:us-east-1:123456789012:model-package-group/breast-cancer", (string?)created["ModelPackageGroupArn"]);
        Assert.Equal("Breast-Cancer", (string?)described["ModelPackageGroupName"]);
        Assert.Equal((string?)created["ModelPackageGroupArn"], (string?)described["ModelPackageGroupArn"]);
        Assert.Equal("champions", (string?)described["ModelPackageGroupDescription"]);
        Assert.Equal("Completed", (string?)described["ModelPackageGroupStatus"]);
        Assert.Equal(_time.GetUtcNow().ToUnixTimeSeconds(), (decimal)described["CreationTime"]!);
    }

    [Fact]
    public async Task DescribeModelPackageGroup_ByArn_ReturnsGroup()
    {
        await CreateGroupAsync("iris");

        var described = await CallAsync("DescribeModelPackageGroup", """{ "ModelPackageGroupName": "arn:aws:sagemaker:us-east-1:123456789012:model-package-group/iris" }""");

        Assert.Equal("iris", (string?)described["ModelPackageGroupName"]);
    }

    [Fact]
    public async Task CreateModelPackageGroup_ExistingNameInOtherCase_ThrowsAlreadyExists()
    {
        await CreateGroupAsync("iris");

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => CreateGroupAsync("IRIS"));

        Assert.Equal("ValidationException", error.ErrorCode);
        Assert.Equal("Model Package Group already exists: arn:aws:sagemaker:us-east-1:123456789012:model-package-group/iris", error.Message);
    }

    [Fact]
    public async Task CreateModelPackageGroup_InvalidName_ThrowsPatternError()
    {
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => CreateGroupAsync("bad_name"));

        Assert.Equal("ValidationException", error.ErrorCode);
        Assert.Equal(
            "1 validation error detected: Value 'bad_name' at 'modelPackageGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$",
            error.Message);
    }

    [Fact]
    public async Task DescribeModelPackageGroup_Missing_ThrowsDoesNotExist()
    {
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => CallAsync("DescribeModelPackageGroup", """{ "ModelPackageGroupName": "nope" }"""));

        Assert.Equal("ValidationException", error.ErrorCode);
        Assert.Equal("ModelPackageGroup arn:aws:sagemaker:us-east-1:123456789012:model-package-group/nope does not exist.", error.Message);
    }

    [Fact]
    public async Task CreateModelPackage_MissingGroup_ThrowsAndCreatesNothing()
    {
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => CreatePackageAsync("ghost"));

        Assert.Equal("ValidationException", error.ErrorCode);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<AwsServiceException>(() => CallAsync("DescribeModelPackageGroup", """{ "ModelPackageGroupName": "ghost" }"""));
        var listed = await CallAsync("ListModelPackages", """{ "ModelPackageGroupName": "ghost" }""");
        Assert.Empty(listed["ModelPackageSummaryList"]!.AsArray());
    }

    [Fact]
    public async Task CreateModelPackage_InGroup_NumbersVersionsAndStoresEveryField()
    {
        await CreateGroupAsync("iris");

        var first = await CreatePackageAsync("iris");
        _time.Advance(TimeSpan.FromMinutes(1));
        var second = await CreatePackageAsync("iris", """, "ModelApprovalStatus": "Approved", "CustomerMetadataProperties": { "validation:auc": "0.97" }""");

        Assert.Equal("arn:aws:sagemaker:us-east-1:123456789012:model-package/iris/1", (string?)first["ModelPackageArn"]);
        Assert.Equal("arn:aws:sagemaker:us-east-1:123456789012:model-package/iris/2", (string?)second["ModelPackageArn"]);

        var described = await CallAsync("DescribeModelPackage", $$"""{ "ModelPackageName": "{{second["ModelPackageArn"]}}" }""");
        Assert.Equal("iris", (string?)described["ModelPackageGroupName"]);
        Assert.Equal(2, (int)described["ModelPackageVersion"]!);
        Assert.Equal("Completed", (string?)described["ModelPackageStatus"]);
        Assert.Equal("Approved", (string?)described["ModelApprovalStatus"]);
        Assert.Equal("candidate", (string?)described["ModelPackageDescription"]);
        Assert.Equal("0.97", (string?)described["CustomerMetadataProperties"]!["validation:auc"]);
        Assert.Equal("s3://bucket/models/iris/job/output/model.tar.gz", (string?)described["InferenceSpecification"]!["Containers"]![0]!["ModelDataUrl"]);
        Assert.Equal("text/csv", (string?)described["InferenceSpecification"]!["SupportedContentTypes"]![0]);
        Assert.Equal("ml.m5.large", (string?)described["InferenceSpecification"]!["SupportedRealtimeInferenceInstanceTypes"]![0]);
        Assert.Equal("s3://bucket/metrics.json", (string?)described["ModelMetrics"]!["ModelQuality"]!["Statistics"]!["S3Uri"]);
        Assert.Equal("git", (string?)described["MetadataProperties"]!["Repository"]);
        Assert.Equal(_time.GetUtcNow().ToUnixTimeSeconds(), (decimal)described["CreationTime"]!);
        Assert.Null(described["_ClientToken"]);
    }

    [Fact]
    public async Task CreateModelPackage_GroupArn_RegistersInThatGroup()
    {
        var group = await CreateGroupAsync("Iris");
        var groupArn = (string)group["ModelPackageGroupArn"]!;

        var created = await CallAsync("CreateModelPackage", $$"""{ "ModelPackageGroupName": "{{groupArn}}" }""");
        var listed = await CallAsync("ListModelPackages", $$"""{ "ModelPackageGroupName": "{{groupArn}}" }""");

        Assert.Equal("arn:aws:sagemaker:us-east-1:123456789012:model-package/iris/1", (string?)created["ModelPackageArn"]);
        Assert.Equal("Iris", (string?)Assert.Single(listed["ModelPackageSummaryList"]!.AsArray())!["ModelPackageGroupName"]);
    }

    [Fact]
    public async Task CreateModelPackage_NoApprovalStatus_DefaultsToPendingManualApproval()
    {
        await CreateGroupAsync("iris");
        await CreatePackageAsync("iris");

        var described = await CallAsync("DescribeModelPackage", """{ "ModelPackageName": "iris/1" }""");

        Assert.Equal("PendingManualApproval", (string?)described["ModelApprovalStatus"]);
    }

    [Fact]
    public async Task CreateModelPackage_ParallelRequests_GetDistinctVersions()
    {
        await CreateGroupAsync("iris");

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => CreatePackageAsync("iris"))));

        var versions = results.Select(r => int.Parse(((string)r["ModelPackageArn"]!).Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture)).Order().ToArray();
        Assert.Equal(Enumerable.Range(1, 20).ToArray(), versions);
    }

    [Fact]
    public async Task CreateModelPackage_SameClientToken_ReturnsFirstPackage()
    {
        await CreateGroupAsync("iris");

        var first = await CreatePackageAsync("iris", """, "ClientToken": "run-1" """);
        var again = await CreatePackageAsync("iris", """, "ClientToken": "run-1" """);

        Assert.Equal((string?)first["ModelPackageArn"], (string?)again["ModelPackageArn"]);
        var listed = await CallAsync("ListModelPackages", """{ "ModelPackageGroupName": "iris" }""");
        Assert.Single(listed["ModelPackageSummaryList"]!.AsArray());
    }

    [Fact]
    public async Task CreateModelPackage_NumericMetadataValue_ThrowsNamingKey()
    {
        await CreateGroupAsync("iris");

        var error = await Assert.ThrowsAsync<AwsServiceException>(() =>
            CreatePackageAsync("iris", """, "CustomerMetadataProperties": { "validation:auc": 0.97 }"""));

        Assert.Equal("ValidationException", error.ErrorCode);
        Assert.Contains("'customerMetadataProperties.validation:auc'", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"0.97\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateModelPackage_InvalidApprovalStatus_ThrowsEnumError()
    {
        await CreateGroupAsync("iris");

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => CreatePackageAsync("iris", """, "ModelApprovalStatus": "approved" """));

        Assert.Equal(
            "1 validation error detected: Value 'approved' at 'modelApprovalStatus' failed to satisfy constraint: Member must satisfy enum value set: [Approved, Rejected, PendingManualApproval]",
            error.Message);
    }

    [Fact]
    public async Task CreateModelPackage_NoContainers_ThrowsValidation()
    {
        await CreateGroupAsync("iris");

        var error = await Assert.ThrowsAsync<AwsServiceException>(() =>
            CallAsync("CreateModelPackage", """{ "ModelPackageGroupName": "iris", "InferenceSpecification": { "Containers": [] } }"""));

        Assert.Contains("'inferenceSpecification.Containers'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateModelPackage_ContainerWithoutImage_ThrowsValidation()
    {
        await CreateGroupAsync("iris");

        var error = await Assert.ThrowsAsync<AwsServiceException>(() =>
            CallAsync("CreateModelPackage", """{ "ModelPackageGroupName": "iris", "InferenceSpecification": { "Containers": [ { "ModelDataUrl": "s3://b/m.tar.gz" } ] } }"""));

        Assert.Contains("'inferenceSpecification.Containers.1.Image'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateModelPackage_GroupAndPackageName_ThrowsValidation()
    {
        var error = await Assert.ThrowsAsync<AwsServiceException>(() =>
            CallAsync("CreateModelPackage", """{ "ModelPackageGroupName": "iris", "ModelPackageName": "iris" }"""));

        Assert.Contains("Both ModelPackageName and ModelPackageGroupName", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DescribeModelPackage_MissingVersion_ThrowsDoesNotExist()
    {
        await CreateGroupAsync("iris");

        var error = await Assert.ThrowsAsync<AwsServiceException>(() =>
            CallAsync("DescribeModelPackage", """{ "ModelPackageName": "arn:aws:sagemaker:us-east-1:123456789012:model-package/iris/9" }"""));

        Assert.Equal("ValidationException", error.ErrorCode);
        Assert.Equal("ModelPackage arn:aws:sagemaker:us-east-1:123456789012:model-package/iris/9 does not exist.", error.Message);
    }

    [Fact]
    public async Task UnversionedPackage_CreatedByName_IsListedOnlyByDefault()
    {
        await CreateGroupAsync("iris");
        await CreatePackageAsync("iris");
        await CallAsync("CreateModelPackage", """{ "ModelPackageName": "Standalone", "InferenceSpecification": { "Containers": [ { "Image": "xgboost" } ] } }""");

        var described = await CallAsync("DescribeModelPackage", """{ "ModelPackageName": "Standalone" }""");
        var byDefault = await CallAsync("ListModelPackages", "{}");
        var both = await CallAsync("ListModelPackages", """{ "ModelPackageType": "Both" }""");

        Assert.Equal("arn:aws:sagemaker:us-east-1:123456789012:model-package/standalone", (string?)described["ModelPackageArn"]);
        Assert.Null(described["ModelApprovalStatus"]);
        Assert.Equal("Standalone", (string?)Assert.Single(byDefault["ModelPackageSummaryList"]!.AsArray())!["ModelPackageName"]);
        Assert.Equal(2, both["ModelPackageSummaryList"]!.AsArray().Count);
    }

    [Fact]
    public async Task ListModelPackages_NewestApproved_ReturnsChampion()
    {
        await CreateGroupAsync("iris");
        foreach (var status in new[] { "Approved", "Rejected", "Approved", "PendingManualApproval" })
        {
            await CreatePackageAsync("iris", $$""", "ModelApprovalStatus": "{{status}}" """);
            _time.Advance(TimeSpan.FromSeconds(30));
        }

        var listed = await CallAsync("ListModelPackages", """
            { "ModelPackageGroupName": "iris", "ModelApprovalStatus": "Approved", "SortBy": "CreationTime", "SortOrder": "Descending", "MaxResults": 1 }
            """);

        var summary = Assert.Single(listed["ModelPackageSummaryList"]!.AsArray())!;
        Assert.Equal("arn:aws:sagemaker:us-east-1:123456789012:model-package/iris/3", (string?)summary["ModelPackageArn"]);
        Assert.Equal(3, (int)summary["ModelPackageVersion"]!);
        Assert.Equal("iris", (string?)summary["ModelPackageGroupName"]);
        Assert.Null(summary["ModelPackageName"]);
        Assert.Equal("Approved", (string?)summary["ModelApprovalStatus"]);
        Assert.Equal("Completed", (string?)summary["ModelPackageStatus"]);
        Assert.NotNull(listed["NextToken"]);
    }

    [Fact]
    public async Task ListModelPackages_Pages_ReturnEveryVersionOnce()
    {
        await CreateGroupAsync("iris");
        for (var i = 0; i < 7; i++)
        {
            await CreatePackageAsync("iris");
        }

        var seen = new List<int>();
        string? token = null;
        var pages = 0;
        do
        {
            var request = new JsonObject { ["ModelPackageGroupName"] = "iris", ["MaxResults"] = 3 };
            if (token is not null)
            {
                request["NextToken"] = token;
            }

            var page = await _registry.InvokeAsync("sagemaker", "ListModelPackages", request);
            seen.AddRange(page["ModelPackageSummaryList"]!.AsArray().Select(s => (int)s!["ModelPackageVersion"]!));
            token = (string?)page["NextToken"];
            pages++;
        }
        while (token is not null);

        Assert.Equal(3, pages);
        Assert.Equal([1, 2, 3, 4, 5, 6, 7], seen);
    }

    [Fact]
    public async Task ListModelPackages_InvalidNextToken_ThrowsValidation()
    {
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => CallAsync("ListModelPackages", """{ "NextToken": "garbage!" }"""));

        Assert.Contains("'nextToken'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListModelPackages_MaxResultsOver100_ThrowsValidation()
    {
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => CallAsync("ListModelPackages", """{ "MaxResults": 101 }"""));

        Assert.Contains("less than or equal to 100", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListModelPackageGroups_SortByNameDescending_FiltersAndSorts()
    {
        foreach (var name in new[] { "beta", "alpha-set", "gamma-set", "delta" })
        {
            await CreateGroupAsync(name);
        }

        var listed = await CallAsync("ListModelPackageGroups", """{ "NameContains": "SET", "SortBy": "Name", "SortOrder": "Descending" }""");

        var names = listed["ModelPackageGroupSummaryList"]!.AsArray().Select(s => (string)s!["ModelPackageGroupName"]!).ToArray();
        Assert.Equal(["gamma-set", "alpha-set"], names);
        Assert.Null(listed["NextToken"]);
    }

    [Fact]
    public async Task UpdateModelPackage_ApprovalAndMetadata_UpdatesPackage()
    {
        await CreateGroupAsync("iris");
        var created = await CreatePackageAsync("iris", """, "CustomerMetadataProperties": { "keep": "1", "drop": "2", "change": "3" }""");
        _time.Advance(TimeSpan.FromHours(1));

        var updated = await CallAsync("UpdateModelPackage", $$"""
            {
              "ModelPackageArn": "{{created["ModelPackageArn"]}}",
              "ModelApprovalStatus": "Approved",
              "ApprovalDescription": "beats the champion",
              "CustomerMetadataProperties": { "change": "30", "add": "4" },
              "CustomerMetadataPropertiesToRemove": [ "drop" ]
            }
            """);

        var described = await CallAsync("DescribeModelPackage", """{ "ModelPackageName": "iris/1" }""");
        Assert.Equal((string?)created["ModelPackageArn"], (string?)updated["ModelPackageArn"]);
        Assert.Equal("Approved", (string?)described["ModelApprovalStatus"]);
        Assert.Equal("beats the champion", (string?)described["ApprovalDescription"]);
        var metadata = described["CustomerMetadataProperties"]!.AsObject();
        Assert.Equal(["keep", "change", "add"], metadata.Select(pair => pair.Key).ToArray());
        Assert.Equal("30", (string?)metadata["change"]);
        Assert.Equal(_time.GetUtcNow().ToUnixTimeSeconds(), (decimal)described["LastModifiedTime"]!);
        Assert.True((decimal)described["CreationTime"]! < (decimal)described["LastModifiedTime"]!);
    }

    [Fact]
    public async Task UpdateModelPackage_NothingToChange_ThrowsValidation()
    {
        await CreateGroupAsync("iris");
        await CreatePackageAsync("iris");

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => CallAsync("UpdateModelPackage", """{ "ModelPackageArn": "iris/1" }"""));

        Assert.Contains("at least one of ModelApprovalStatus", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateModelPackage_MissingPackage_ThrowsDoesNotExist()
    {
        var error = await Assert.ThrowsAsync<AwsServiceException>(() =>
            CallAsync("UpdateModelPackage", """{ "ModelPackageArn": "arn:aws:sagemaker:us-east-1:123456789012:model-package/iris/1", "ModelApprovalStatus": "Approved" }"""));

        Assert.EndsWith("does not exist.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteModelPackageGroup_WithVersions_ThrowsUntilVersionsDeleted()
    {
        await CreateGroupAsync("iris");
        await CreatePackageAsync("iris");

        await Assert.ThrowsAsync<AwsServiceException>(() => CallAsync("DeleteModelPackageGroup", """{ "ModelPackageGroupName": "iris" }"""));
        await CallAsync("DeleteModelPackage", """{ "ModelPackageName": "iris/1" }""");
        await CallAsync("DeleteModelPackageGroup", """{ "ModelPackageGroupName": "iris" }""");

        await Assert.ThrowsAsync<AwsServiceException>(() => CallAsync("DescribeModelPackageGroup", """{ "ModelPackageGroupName": "iris" }"""));
    }

    [Fact]
    public async Task Registry_SqliteStore_KeepsPackagesAcrossServiceInstances()
    {
        var folder = Path.Combine(Path.GetTempPath(), "registry-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            using (var database = new StateDatabase(Path.Combine(folder, "state.db")))
            using (var service = new ModelRegistryService(new SqliteResourceStore(database), _time, NullLoggerFactory.Instance, Region, Account))
            {
                await service.CreateModelPackageGroupAsync(JsonNode.Parse("""{ "ModelPackageGroupName": "iris" }""")!.AsObject());
                await service.CreateModelPackageAsync(JsonNode.Parse("""{ "ModelPackageGroupName": "iris", "ModelApprovalStatus": "Approved" }""")!.AsObject());
            }

            using (var database = new StateDatabase(Path.Combine(folder, "state.db")))
            using (var service = new ModelRegistryService(new SqliteResourceStore(database), _time, NullLoggerFactory.Instance, Region, Account))
            {
                await service.CreateModelPackageAsync(JsonNode.Parse("""{ "ModelPackageGroupName": "iris" }""")!.AsObject());
                var listed = await service.ListModelPackagesAsync(JsonNode.Parse("""{ "ModelPackageGroupName": "iris" }""")!.AsObject());

                var versions = listed["ModelPackageSummaryList"]!.AsArray().Select(s => (int)s!["ModelPackageVersion"]!).ToArray();
                Assert.Equal([1, 2], versions);
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private Task<JsonObject> CreateGroupAsync(string name) =>
        CallAsync("CreateModelPackageGroup", $$"""{ "ModelPackageGroupName": "{{name}}" }""");

    private Task<JsonObject> CreatePackageAsync(string group, string extraMembers = "") =>
        CallAsync("CreateModelPackage", $$"""
            {
              "ModelPackageGroupName": "{{group}}",
              "ModelPackageDescription": "candidate",
              "InferenceSpecification": {
                "Containers": [ { "Image": "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1", "ModelDataUrl": "s3://bucket/models/iris/job/output/model.tar.gz" } ],
                "SupportedContentTypes": [ "text/csv" ],
                "SupportedResponseMIMETypes": [ "text/csv" ],
                "SupportedRealtimeInferenceInstanceTypes": [ "ml.m5.large" ]
              },
              "ModelMetrics": { "ModelQuality": { "Statistics": { "ContentType": "application/json", "S3Uri": "s3://bucket/metrics.json" } } },
              "MetadataProperties": { "Repository": "git" }
              {{extraMembers}}
            }
            """);

    private Task<JsonObject> CallAsync(string operation, string json) =>
        _registry.InvokeAsync("sagemaker", operation, JsonNode.Parse(json)!.AsObject());
}
