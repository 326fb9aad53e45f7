using System.Text.Json.Nodes;
using Pipeline.Local.Persistence;
using Pipeline.Local.SageMaker.Hosting;
using Pipeline.Local.Services;

namespace Pipeline.Local.Tests.SageMaker.Hosting;

public sealed class EndpointHostingServiceTests : IAsyncDisposable
{
    private readonly HostingFixture _fixture = new();

    public ValueTask DisposeAsync() => _fixture.DisposeAsync();

    [Fact]
    public async Task CreateModel_ExistingArchive_IsDescribed()
    {
        await _fixture.CreateModelAsync("model-a");

        var described = await _fixture.CallAsync("DescribeModel", """{ "ModelName": "model-a" }""");

        Assert.Equal("arn:aws:sagemaker:us-east-1:123456789012:model/model-a", (string?)described["ModelArn"]);
        Assert.Equal("s3://models-bucket/models/model-a/output/model.tar.gz", (string?)described["PrimaryContainer"]!["ModelDataUrl"]);
        Assert.Equal("model-a", (string?)described["PrimaryContainer"]!["Environment"]!["LABEL"]);
        Assert.Equal("arn:aws:iam::123456789012:role/sagemaker", (string?)described["ExecutionRoleArn"]);
        Assert.Equal(_fixture.Time.GetUtcNow().ToUnixTimeSeconds(), (decimal)described["CreationTime"]!);
    }

    [Fact]
    public async Task CreateModel_MissingModelData_ThrowsValidation()
    {
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _fixture.CallAsync("CreateModel", """
            { "ModelName": "m", "PrimaryContainer": { "Image": "xgboost", "ModelDataUrl": "s3://models-bucket/none/model.tar.gz" } }
            """));

        Assert.Equal("ValidationException", error.ErrorCode);
        Assert.Equal("Could not find model data at s3://models-bucket/none/model.tar.gz.", error.Message);
    }

    [Fact]
    public async Task CreateModel_DuplicateName_ThrowsAlreadyExisting()
    {
        await _fixture.CreateModelAsync("model-a");

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _fixture.CallAsync("CreateModel", """
            { "ModelName": "Model-A", "PrimaryContainer": { "Image": "xgboost" } }
            """));

        Assert.Equal("Cannot create already existing model \"arn:aws:sagemaker:us-east-1:123456789012:model/model-a\".", error.Message);
    }

    [Fact]
    public async Task CreateModel_NoContainer_ThrowsValidation()
    {
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _fixture.CallAsync("CreateModel", """{ "ModelName": "m" }"""));

        Assert.Contains("PrimaryContainer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DescribeModel_Missing_ThrowsCouldNotFind()
    {
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _fixture.CallAsync("DescribeModel", """{ "ModelName": "ghost" }"""));

        Assert.Equal("Could not find model \"arn:aws:sagemaker:us-east-1:123456789012:model/ghost\".", error.Message);
    }

    [Fact]
    public async Task CreateEndpointConfig_UnknownModel_ThrowsCouldNotFind()
    {
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _fixture.CreateConfigAsync("config", ("AllTraffic", "ghost", 1.0)));

        Assert.Equal("Could not find model \"arn:aws:sagemaker:us-east-1:123456789012:model/ghost\".", error.Message);
    }

    [Fact]
    public async Task CreateEndpointConfig_DuplicateVariant_ThrowsValidation()
    {
        await _fixture.CreateModelAsync("model-a");

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _fixture.CreateConfigAsync("config", ("A", "model-a", 1.0), ("a", "model-a", 1.0)));

        Assert.Contains("'a' appears more than once", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateEndpointConfig_MissingInstanceType_ThrowsValidation()
    {
        await _fixture.CreateModelAsync("model-a");

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _fixture.CallAsync("CreateEndpointConfig", """
            { "EndpointConfigName": "c", "ProductionVariants": [ { "VariantName": "v", "ModelName": "model-a", "InitialInstanceCount": 1 } ] }
            """));

        Assert.Contains("'productionVariants.1.InstanceType'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DescribeEndpointConfig_DefaultWeight_IsOne()
    {
        await _fixture.CreateModelAsync("model-a");
        await _fixture.CallAsync("CreateEndpointConfig", """
            { "EndpointConfigName": "c", "ProductionVariants": [ { "VariantName": "v", "ModelName": "model-a", "InitialInstanceCount": 2, "InstanceType": "ml.m5.large" } ] }
            """);

        var described = await _fixture.CallAsync("DescribeEndpointConfig", """{ "EndpointConfigName": "c" }""");

        var variant = described["ProductionVariants"]![0]!;
        Assert.Equal(1.0, (double)variant["InitialVariantWeight"]!);
        Assert.Equal(2, (int)variant["InitialInstanceCount"]!);
        Assert.Equal("arn:aws:sagemaker:us-east-1:123456789012:endpoint-config/c", (string?)described["EndpointConfigArn"]);
    }

    [Fact]
    public async Task CreateEndpoint_ModelLoads_GoesFromCreatingToInService()
    {
        await _fixture.CreateModelAsync("model-a");
        await _fixture.CreateConfigAsync("config-a", ("AllTraffic", "model-a", 1.0));
        var gate = _fixture.Loader.Hold("model-a");

        var created = await _fixture.CallAsync("CreateEndpoint", """{ "EndpointName": "iris", "EndpointConfigName": "config-a" }""");
        var creating = await _fixture.CallAsync("DescribeEndpoint", """{ "EndpointName": "iris" }""");
        gate.SetResult();
        var ready = await _fixture.Service.WaitForEndpointAsync("iris");

        Assert.Equal("arn:aws:sagemaker:us-east-1:123456789012:endpoint/iris", (string?)created["EndpointArn"]);
        Assert.Equal("Creating", (string?)creating["EndpointStatus"]);
        Assert.Null(creating["ProductionVariants"]);
        Assert.Equal("InService", (string?)ready["EndpointStatus"]);
        Assert.Equal("config-a", (string?)ready["EndpointConfigName"]);
        var variant = Assert.Single(ready["ProductionVariants"]!.AsArray())!;
        Assert.Equal("AllTraffic", (string?)variant["VariantName"]);
        Assert.Equal(1.0, (double)variant["CurrentWeight"]!);
        Assert.Equal(1.0, (double)variant["DesiredWeight"]!);
        Assert.Equal(1, (int)variant["CurrentInstanceCount"]!);
        Assert.Equal("683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1", (string?)variant["DeployedImages"]![0]!["SpecifiedImage"]);
        Assert.NotNull(ready["LastModifiedTime"]);
    }

    [Fact]
    public async Task CreateEndpoint_LoaderGetsExtractedArchiveAndEnvironment()
    {
        await _fixture.DeployAsync("iris", "model-a");

        var call = Assert.Single(_fixture.Loader.Calls);
        Assert.StartsWith(Path.Combine(_fixture.WorkRoot, "endpoints", "iris"), call.Directory, StringComparison.Ordinal);
        Assert.Equal("model-a", File.ReadAllText(Path.Combine(call.Directory, "label.txt")));
        Assert.Equal("model-a", call.Environment["LABEL"]);
        Assert.EndsWith("sagemaker-xgboost:1.7-1", call.Image, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateEndpoint_LoaderFails_EndsFailedWithReason()
    {
        await _fixture.CreateModelAsync("model-a");
        await _fixture.CreateConfigAsync("config-a", ("AllTraffic", "model-a", 1.0));
        _fixture.Loader.Failures["model-a"] = "xgboost: unsupported model format";

        await _fixture.CallAsync("CreateEndpoint", """{ "EndpointName": "iris", "EndpointConfigName": "config-a" }""");
        var result = await _fixture.Service.WaitForEndpointAsync("iris");

        Assert.Equal("Failed", (string?)result["EndpointStatus"]);
        Assert.Equal("Production variant AllTraffic (model model-a) failed to load: xgboost: unsupported model format", (string?)result["FailureReason"]);
        Assert.False(Directory.Exists(Path.Combine(_fixture.WorkRoot, "endpoints", "iris")) && Directory.EnumerateFiles(Path.Combine(_fixture.WorkRoot, "endpoints", "iris"), "*", SearchOption.AllDirectories).Any());
    }

    [Fact]
    public async Task CreateEndpoint_CorruptArchive_EndsFailedNamingGzip()
    {
        await _fixture.ObjectStore.PutObjectAsync(HostingFixture.Bucket, "models/bad/model.tar.gz", new MemoryStream("not an archive"u8.ToArray()));
        await _fixture.CallAsync("CreateModel", """{ "ModelName": "bad", "PrimaryContainer": { "Image": "xgboost", "ModelDataUrl": "s3://models-bucket/models/bad/model.tar.gz" } }""");
        await _fixture.CreateConfigAsync("bad-config", ("AllTraffic", "bad", 1.0));

        await _fixture.CallAsync("CreateEndpoint", """{ "EndpointName": "bad", "EndpointConfigName": "bad-config" }""");
        var result = await _fixture.Service.WaitForEndpointAsync("bad");

        Assert.Equal("Failed", (string?)result["EndpointStatus"]);
        Assert.Contains("is not a gzip-compressed tar archive", (string?)result["FailureReason"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateEndpoint_DuplicateName_ThrowsAlreadyExisting()
    {
        await _fixture.DeployAsync("iris", "model-a");

        var error = await Assert.ThrowsAsync<AwsServiceException>(() =>
            _fixture.CallAsync("CreateEndpoint", """{ "EndpointName": "iris", "EndpointConfigName": "model-a-config" }"""));

        Assert.Equal("Cannot create already existing endpoint \"arn:aws:sagemaker:us-east-1:123456789012:endpoint/iris\".", error.Message);
    }

    [Fact]
    public async Task CreateEndpoint_UnknownConfig_ThrowsCouldNotFind()
    {
        var error = await Assert.ThrowsAsync<AwsServiceException>(() =>
            _fixture.CallAsync("CreateEndpoint", """{ "EndpointName": "iris", "EndpointConfigName": "ghost" }"""));

        Assert.Equal("Could not find endpoint configuration \"arn:aws:sagemaker:us-east-1:123456789012:endpoint-config/ghost\".", error.Message);
    }

    [Fact]
    public async Task DescribeEndpoint_Missing_ThrowsCouldNotFind()
    {
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _fixture.CallAsync("DescribeEndpoint", """{ "EndpointName": "ghost" }"""));

        Assert.Equal("ValidationException", error.ErrorCode);
        Assert.Equal("Could not find endpoint \"arn:aws:sagemaker:us-east-1:123456789012:endpoint/ghost\".", error.Message);
    }

    [Fact]
    public async Task UpdateEndpoint_NewConfigLoads_SwitchesAndReleasesOldModel()
    {
        await _fixture.DeployAsync("iris", "model-a");
        await _fixture.CreateModelAsync("model-b");
        await _fixture.CreateConfigAsync("config-b", ("AllTraffic", "model-b", 1.0));
        var gate = _fixture.Loader.Hold("model-b");

        await _fixture.CallAsync("UpdateEndpoint", """{ "EndpointName": "iris", "EndpointConfigName": "config-b" }""");
        var updating = await _fixture.CallAsync("DescribeEndpoint", """{ "EndpointName": "iris" }""");
        var during = await _fixture.Service.InvokeEndpointAsync("iris", "text/csv", null, null, "1,2"u8.ToArray());
        gate.SetResult();
        var done = await _fixture.Service.WaitForEndpointAsync("iris");
        var after = await _fixture.Service.InvokeEndpointAsync("iris", "text/csv", null, null, "1,2"u8.ToArray());

        Assert.Equal("Updating", (string?)updating["EndpointStatus"]);
        Assert.Equal("model-a-config", (string?)updating["EndpointConfigName"]);
        Assert.Equal("config-b", (string?)updating["PendingDeploymentSummary"]!["EndpointConfigName"]);
        Assert.Equal("model-a:1,2", System.Text.Encoding.UTF8.GetString(during.Response.Body));
        Assert.Equal("InService", (string?)done["EndpointStatus"]);
        Assert.Equal("config-b", (string?)done["EndpointConfigName"]);
        Assert.Null(done["PendingDeploymentSummary"]);
        Assert.Null(done["FailureReason"]);
        Assert.Equal("model-b:1,2", System.Text.Encoding.UTF8.GetString(after.Response.Body));
        Assert.True(_fixture.Loader.Loaded.Single(m => m.Label == "model-a").Disposed);
        Assert.False(Directory.Exists(_fixture.Loader.Loaded.Single(m => m.Label == "model-a").Directory));
    }

    [Fact]
    public async Task UpdateEndpoint_NewConfigFails_RollsBackToOldConfig()
    {
        await _fixture.DeployAsync("iris", "model-a");
        await _fixture.CreateModelAsync("model-b");
        await _fixture.CreateConfigAsync("config-b", ("AllTraffic", "model-b", 1.0));
        _fixture.Loader.Failures["model-b"] = "out of memory";

        await _fixture.CallAsync("UpdateEndpoint", """{ "EndpointName": "iris", "EndpointConfigName": "config-b" }""");
        var result = await _fixture.Service.WaitForEndpointAsync("iris");
        var served = await _fixture.Service.InvokeEndpointAsync("iris", "text/csv", null, null, "x"u8.ToArray());

        Assert.Equal("InService", (string?)result["EndpointStatus"]);
        Assert.Equal("model-a-config", (string?)result["EndpointConfigName"]);
        Assert.Equal("Production variant AllTraffic (model model-b) failed to load: out of memory", (string?)result["FailureReason"]);
        Assert.Null(result["PendingDeploymentSummary"]);
        Assert.Equal("model-a:x", System.Text.Encoding.UTF8.GetString(served.Response.Body));
        Assert.False(_fixture.Loader.Loaded.Single(m => m.Label == "model-a").Disposed);
    }

    [Fact]
    public async Task InvokeEndpoint_SuccessAndModelErrors_PublishesInvocationMetrics()
    {
        await _fixture.DeployAsync("iris", "model-a");

        await _fixture.Service.InvokeEndpointAsync("iris", "text/csv", null, null, "1"u8.ToArray());
        await Assert.ThrowsAsync<EndpointInvocationException>(() => _fixture.Service.InvokeEndpointAsync("iris", "text/csv", null, null, "bad"u8.ToArray()));
        await Assert.ThrowsAsync<EndpointInvocationException>(() => _fixture.Service.InvokeEndpointAsync("iris", "text/csv", null, null, "crash"u8.ToArray()));

        var dimensions = new Dictionary<string, string>(StringComparer.Ordinal) { ["EndpointName"] = "iris", ["VariantName"] = "AllTraffic" };
        double Sum(string metric) =>
            _fixture.Metrics.Query("AWS/SageMaker", metric, dimensions, _fixture.Time.GetUtcNow().AddMinutes(-1), _fixture.Time.GetUtcNow().AddTicks(1)).Sum(point => point.Value);
        Assert.Equal(3, Sum("Invocations"));
        Assert.Equal(1, Sum("Invocation4XXErrors"));
        Assert.Equal(1, Sum("Invocation5XXErrors"));
        Assert.Equal(3, _fixture.Metrics.Query("AWS/SageMaker", "ModelLatency", dimensions, _fixture.Time.GetUtcNow().AddMinutes(-1), _fixture.Time.GetUtcNow().AddTicks(1)).Count);
    }

    [Fact]
    public async Task UpdateEndpoint_WhileUpdating_ThrowsValidation()
    {
        await _fixture.DeployAsync("iris", "model-a");
        await _fixture.CreateModelAsync("model-b");
        await _fixture.CreateConfigAsync("config-b", ("AllTraffic", "model-b", 1.0));
        var gate = _fixture.Loader.Hold("model-b");
        await _fixture.CallAsync("UpdateEndpoint", """{ "EndpointName": "iris", "EndpointConfigName": "config-b" }""");

        var error = await Assert.ThrowsAsync<AwsServiceException>(() =>
            _fixture.CallAsync("UpdateEndpoint", """{ "EndpointName": "iris", "EndpointConfigName": "config-b" }"""));
        gate.SetResult();
        await _fixture.Service.WaitForEndpointAsync("iris");

        Assert.Contains("because its status is Updating", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteEndpoint_DuringCreate_StopsAndReleases()
    {
        await _fixture.CreateModelAsync("model-a");
        await _fixture.CreateConfigAsync("config-a", ("AllTraffic", "model-a", 1.0));
        _fixture.Loader.Hold("model-a");
        await _fixture.CallAsync("CreateEndpoint", """{ "EndpointName": "iris", "EndpointConfigName": "config-a" }""");

        await _fixture.CallAsync("DeleteEndpoint", """{ "EndpointName": "iris" }""");

        await Assert.ThrowsAsync<AwsServiceException>(() => _fixture.CallAsync("DescribeEndpoint", """{ "EndpointName": "iris" }"""));
        await Assert.ThrowsAsync<AwsServiceException>(() => _fixture.Service.WaitForEndpointAsync("iris"));
        Assert.Empty(_fixture.Loader.Loaded);
    }

    [Fact]
    public async Task DeleteEndpoint_InService_DisposesModel()
    {
        await _fixture.DeployAsync("iris", "model-a");

        await _fixture.CallAsync("DeleteEndpoint", """{ "EndpointName": "iris" }""");

        Assert.True(Assert.Single(_fixture.Loader.Loaded).Disposed);
        var listed = await _fixture.CallAsync("ListEndpoints", "{}");
        Assert.Empty(listed["Endpoints"]!.AsArray());
        await Assert.ThrowsAsync<AwsServiceException>(() => _fixture.CallAsync("DeleteEndpoint", """{ "EndpointName": "iris" }"""));
    }

    [Fact]
    public async Task ListEndpoints_StatusFilterAndDefaultOrder_NewestFirst()
    {
        await _fixture.DeployAsync("first", "model-a");
        _fixture.Time.Advance(TimeSpan.FromMinutes(1));
        await _fixture.DeployAsync("second", "model-b");
        _fixture.Time.Advance(TimeSpan.FromMinutes(1));
        await _fixture.CreateModelAsync("model-c");
        await _fixture.CreateConfigAsync("config-c", ("AllTraffic", "model-c", 1.0));
        _fixture.Loader.Failures["model-c"] = "broken";
        await _fixture.CallAsync("CreateEndpoint", """{ "EndpointName": "third", "EndpointConfigName": "config-c" }""");
        await _fixture.Service.WaitForEndpointAsync("third");

        var all = await _fixture.CallAsync("ListEndpoints", "{}");
        var inService = await _fixture.CallAsync("ListEndpoints", """{ "StatusEquals": "InService", "SortBy": "Name", "SortOrder": "Ascending" }""");

        Assert.Equal(["third", "second", "first"], all["Endpoints"]!.AsArray().Select(e => (string)e!["EndpointName"]!).ToArray());
        Assert.Equal(["first", "second"], inService["Endpoints"]!.AsArray().Select(e => (string)e!["EndpointName"]!).ToArray());
        Assert.Equal("InService", (string?)inService["Endpoints"]![0]!["EndpointStatus"]);
    }

    [Fact]
    public async Task ListModels_Paging_ReturnsEveryModelOnce()
    {
        foreach (var label in new[] { "m1", "m2", "m3" })
        {
            await _fixture.CreateModelAsync(label);
            _fixture.Time.Advance(TimeSpan.FromSeconds(1));
        }

        var first = await _fixture.CallAsync("ListModels", """{ "MaxResults": 2 }""");
        var second = await _fixture.CallAsync("ListModels", $$"""{ "MaxResults": 2, "NextToken": "{{first["NextToken"]}}" }""");

        Assert.Equal(["m3", "m2"], first["Models"]!.AsArray().Select(m => (string)m!["ModelName"]!).ToArray());
        Assert.Equal(["m1"], second["Models"]!.AsArray().Select(m => (string)m!["ModelName"]!).ToArray());
        Assert.Null(second["NextToken"]);
    }

    [Fact]
    public async Task UpdateEndpointWeightsAndCapacities_UnknownVariant_ThrowsNamingIt()
    {
        await _fixture.DeployAsync("iris", "model-a");

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _fixture.CallAsync("UpdateEndpointWeightsAndCapacities", """
            { "EndpointName": "iris", "DesiredWeightsAndCapacities": [ { "VariantName": "Canary", "DesiredWeight": 1 } ] }
            """));

        Assert.Contains("\"[Canary]\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("AllTraffic", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RestoreEndpoints_NewServiceOverSameStore_ServesAgain()
    {
        await _fixture.DeployAsync("iris", "model-a");
        await using var restarted = _fixture.CreateService(seed: 1);

        await restarted.RestoreEndpointsAsync();
        var described = await restarted.WaitForEndpointAsync("iris");
        var served = await restarted.InvokeEndpointAsync("iris", "text/csv", null, null, "5"u8.ToArray());

        Assert.Equal("InService", (string?)described["EndpointStatus"]);
        Assert.Equal("model-a:5", System.Text.Encoding.UTF8.GetString(served.Response.Body));
    }

    [Fact]
    public async Task RefreshFromStore_OtherProcessUpdated_ServesNewModel()
    {
        await _fixture.DeployAsync("iris", "model-a");
        await using var other = _fixture.CreateService(seed: 1);
        await other.RestoreEndpointsAsync();
        await other.WaitForEndpointAsync("iris");
        await _fixture.CreateModelAsync("model-b");
        await _fixture.CreateConfigAsync("config-b", ("AllTraffic", "model-b", 1.0));
        await other.UpdateEndpointAsync(System.Text.Json.Nodes.JsonNode.Parse("""{ "EndpointName": "iris", "EndpointConfigName": "config-b" }""")!.AsObject());
        await other.WaitForEndpointAsync("iris");
        var before = await _fixture.Service.InvokeEndpointAsync("iris", "text/csv", null, null, "5"u8.ToArray());

        var changed = await _fixture.Service.RefreshFromStoreAsync();
        var described = await _fixture.Service.WaitForEndpointAsync("iris");
        var after = await _fixture.Service.InvokeEndpointAsync("iris", "text/csv", null, null, "5"u8.ToArray());

        Assert.Equal("model-a:5", System.Text.Encoding.UTF8.GetString(before.Response.Body));
        Assert.Equal(1, changed);
        Assert.Equal("InService", (string?)described["EndpointStatus"]);
        Assert.Equal("config-b", (string?)described["EndpointConfigName"]);
        Assert.Equal("model-b:5", System.Text.Encoding.UTF8.GetString(after.Response.Body));
        Assert.Equal(0, await _fixture.Service.RefreshFromStoreAsync());
    }

    [Fact]
    public async Task RefreshFromStore_EndpointCreatedElsewhere_IsDeployedHere()
    {
        await using var other = _fixture.CreateService(seed: 1);
        await _fixture.CreateModelAsync("model-a");
        await _fixture.CreateConfigAsync("config-a", ("AllTraffic", "model-a", 1.0));
        await other.CreateEndpointAsync(System.Text.Json.Nodes.JsonNode.Parse("""{ "EndpointName": "elsewhere", "EndpointConfigName": "config-a" }""")!.AsObject());
        await other.WaitForEndpointAsync("elsewhere");

        var changed = await _fixture.Service.RefreshFromStoreAsync();
        await _fixture.Service.WaitForEndpointAsync("elsewhere");
        var served = await _fixture.Service.InvokeEndpointAsync("elsewhere", "text/csv", null, null, "7"u8.ToArray());

        Assert.Equal(1, changed);
        Assert.Equal("model-a:7", System.Text.Encoding.UTF8.GetString(served.Response.Body));
    }

    [Fact]
    public async Task RestoreEndpoints_FailedEndpoint_StaysFailedAndRejectsUpdate()
    {
        await _fixture.CreateModelAsync("model-a");
        await _fixture.CreateConfigAsync("config-a", ("AllTraffic", "model-a", 1.0));
        _fixture.Loader.Failures["model-a"] = "broken";
        await _fixture.CallAsync("CreateEndpoint", """{ "EndpointName": "iris", "EndpointConfigName": "config-a" }""");
        await _fixture.Service.WaitForEndpointAsync("iris");
        await using var restarted = _fixture.CreateService(seed: 1);

        await restarted.RestoreEndpointsAsync();
        var described = await restarted.WaitForEndpointAsync("iris");
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => restarted.UpdateEndpointAsync(
            System.Text.Json.Nodes.JsonNode.Parse("""{ "EndpointName": "iris", "EndpointConfigName": "config-a" }""")!.AsObject()));

        Assert.Equal("Failed", (string?)described["EndpointStatus"]);
        Assert.Contains("because its status is Failed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitForEndpoint_Cancelled_ThrowsOperationCanceled()
    {
        await _fixture.CreateModelAsync("model-a");
        await _fixture.CreateConfigAsync("config-a", ("AllTraffic", "model-a", 1.0));
        var gate = _fixture.Loader.Hold("model-a");
        await _fixture.CallAsync("CreateEndpoint", """{ "EndpointName": "iris", "EndpointConfigName": "config-a" }""");
        using var cancellation = new CancellationTokenSource();

        var waiting = _fixture.Service.WaitForEndpointAsync("iris", cancellation.Token);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        gate.SetResult();
    }

    [Fact]
    public async Task Hosting_SqliteStore_RecordsEndpointStatus()
    {
        var folder = Path.Combine(Path.GetTempPath(), "hosting-db-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            using var database = new StateDatabase(Path.Combine(folder, "state.db"));
            await using var fixture = new HostingFixture(store: new SqliteResourceStore(database));

            await fixture.DeployAsync("iris", "model-a");
            var stored = await fixture.Store.GetAsync("sagemaker/Endpoint", "iris");

            Assert.Equal("InService", (string?)stored!["EndpointStatus"]);
            Assert.Equal("AllTraffic", (string?)stored["ProductionVariants"]![0]!["VariantName"]);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
