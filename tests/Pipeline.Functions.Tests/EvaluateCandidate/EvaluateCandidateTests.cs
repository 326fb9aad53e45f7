using Pipeline.Functions.EvaluateCandidate;
using System.Text;
using System.Text.Json.Nodes;
using Pipeline.Functions.Configuration;
using Pipeline.Functions.Tests.Fakes;
using EvaluateFunction = Pipeline.Functions.EvaluateCandidate.Function;

namespace Pipeline.Functions.Tests.EvaluateCandidate;

public sealed class EvaluateCandidateTests
{
    private const string Group = "breast-cancer";
    private static readonly DateTimeOffset Day = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task HandleAsync_NoChampion_PromotesAndReportsMetrics()
    {
        var sageMaker = new FakeSageMaker();

        var output = await InvokeAsync(sageMaker, Request(Metrics(("validation:auc", 0.97), ("train:auc", 0.99)), new JsonObject { ["threshold"] = 0.9 }));

        Assert.True((bool?)output["promote"]);
        Assert.Contains("no approved champion", (string?)output["reason"], StringComparison.Ordinal);
        Assert.Equal("validation:auc", (string?)output["metricName"]);
        Assert.Equal(0.97, (double?)output["candidateValue"]);
        Assert.Null(output["championValue"]);
        Assert.Null(output["championModelPackageArn"]);
        Assert.True(output.ContainsKey("championValue"));
        var properties = output["customerMetadataProperties"]!.AsObject();
        Assert.Equal("0.97", (string?)properties["validation:auc"]);
        Assert.Equal("0.99", (string?)properties["train:auc"]);

        var list = Assert.Single(sageMaker.ListRequests);
        Assert.Equal(Group, list.ModelPackageGroupName);
        Assert.Equal("Approved", list.ModelApprovalStatus);
        Assert.Equal("CreationTime", list.SortBy);
        Assert.Equal("Descending", list.SortOrder);
    }

    [Fact]
    public async Task HandleAsync_BetterThanNewestApprovedChampion_Promotes()
    {
        var sageMaker = new FakeSageMaker();
        sageMaker.Register(Group, 1, "Approved", Day, Props("validation:auc", "0.99"));
        sageMaker.Register(Group, 2, "Approved", Day.AddDays(1), Props("validation:auc", "0.95"));
        sageMaker.Register(Group, 3, "Rejected", Day.AddDays(2), Props("validation:auc", "0.80"));
        sageMaker.Register("other", 9, "Approved", Day.AddDays(3), Props("validation:auc", "0.999"));

        var output = await InvokeAsync(sageMaker, Request(Metrics(("validation:auc", 0.96)), new JsonObject()));

        Assert.True((bool?)output["promote"]);
        Assert.Equal(0.95, (double?)output["championValue"]);
        Assert.Equal($"arn:aws:sagemaker:us-east-1:123456789012:model-package/{Group}/2", (string?)output["championModelPackageArn"]);
    }

    [Fact]
    public async Task HandleAsync_WorseThanChampion_DoesNotPromote()
    {
        var sageMaker = new FakeSageMaker();
        sageMaker.Register(Group, 1, "Approved", Day, Props("validation:auc", "0.98"));

        var output = await InvokeAsync(sageMaker, Request(Metrics(("validation:auc", 0.97)), new JsonObject()));

        Assert.False((bool?)output["promote"]);
        Assert.Equal(0.98, (double?)output["championValue"]);
    }

    [Fact]
    public async Task HandleAsync_Tie_DoesNotPromote()
    {
        var sageMaker = new FakeSageMaker();
        sageMaker.Register(Group, 1, "Approved", Day, Props("validation:auc", "0.97"));

        var output = await InvokeAsync(sageMaker, Request(Metrics(("validation:auc", 0.97)), new JsonObject()));

        Assert.False((bool?)output["promote"]);
        Assert.Contains("does not improve", (string?)output["reason"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_MinimizeMetricLower_Promotes()
    {
        var sageMaker = new FakeSageMaker();
        sageMaker.Register(Group, 1, "Approved", Day, Props("validation:rmse", "3.5"));

        var output = await InvokeAsync(sageMaker, Request(Metrics(("validation:rmse", 3.1)), new JsonObject { ["metric"] = "validation:rmse", ["direction"] = "Minimize", ["threshold"] = 4.0 }));

        Assert.True((bool?)output["promote"]);
    }

    [Fact]
    public async Task HandleAsync_MissingCandidateMetric_FailsListingReported()
    {
        var error = await Assert.ThrowsAsync<PromotionMetricMissingException>(() =>
            InvokeAsync(new FakeSageMaker(), Request(Metrics(("validation:logloss", 0.2), ("train:logloss", 0.1)), new JsonObject())));

        Assert.Contains("validation:auc", error.Message, StringComparison.Ordinal);
        Assert.Contains("train:logloss, validation:logloss", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_ChampionWithoutMetric_PromotesOnThreshold()
    {
        var sageMaker = new FakeSageMaker();
        sageMaker.Register(Group, 1, "Approved", Day, null);

        var output = await InvokeAsync(sageMaker, Request(Metrics(("validation:auc", 0.91)), new JsonObject { ["threshold"] = 0.9 }));

        Assert.True((bool?)output["promote"]);
        Assert.Null(output["championValue"]);
        Assert.NotNull(output["championModelPackageArn"]);
    }

    [Fact]
    public async Task HandleAsync_MetricValuesAsStrings_AreRead()
    {
        var trainingJob = new JsonObject
        {
            ["TrainingJobName"] = "bc-1",
            ["FinalMetricDataList"] = new JsonArray(new JsonObject { ["MetricName"] = "validation:auc", ["Value"] = "0.93", ["Timestamp"] = 1.7e12 }),
        };

        var output = await InvokeAsync(new FakeSageMaker(), Request(trainingJob, new JsonObject()));

        Assert.Equal(0.93, (double?)output["candidateValue"]);
    }

    [Fact]
    public async Task HandleAsync_NoModelPackageGroup_FailsNamingField()
    {
        var request = Request(Metrics(("validation:auc", 0.9)), new JsonObject());
        request.Remove("modelPackageGroupName");

        var error = await Assert.ThrowsAsync<ArgumentException>(() => InvokeAsync(new FakeSageMaker(), request));

        Assert.Contains("modelPackageGroupName", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_InvalidPromotionRule_FailsNamingMember()
    {
        var error = await Assert.ThrowsAsync<DatasetConfigurationException>(() => InvokeAsync(new FakeSageMaker(), Request(Metrics(("validation:auc", 0.9)), new JsonObject { ["direction"] = "Sideways" })));

        Assert.Contains("promotion.direction", error.Message, StringComparison.Ordinal);
    }

    private static async Task<JsonObject> InvokeAsync(FakeSageMaker sageMaker, JsonObject request)
    {
        var function = new EvaluateFunction(sageMaker);
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(request.ToJsonString()));
        using var output = await function.HandleAsync(input);
        return JsonNode.Parse(output)!.AsObject();
    }

    private static JsonObject Request(JsonObject trainingJob, JsonObject promotion) => new()
    {
        ["trainingJob"] = trainingJob,
        ["promotion"] = promotion,
        ["modelPackageGroupName"] = Group,
    };

    private static JsonObject Metrics(params (string Name, double Value)[] metrics) => new()
    {
        ["TrainingJobName"] = "breast-cancer-20261204201531-abcdef",
        ["TrainingJobStatus"] = "Completed",
        ["ModelArtifacts"] = new JsonObject { ["S3ModelArtifacts"] = "s3://b/models/breast-cancer/x/output/model.tar.gz" },
        ["FinalMetricDataList"] = new JsonArray([.. metrics.Select(metric => (JsonNode)new JsonObject { ["MetricName"] = metric.Name, ["Value"] = metric.Value, ["Timestamp"] = 1.7e9 })]),
    };

    private static Dictionary<string, string> Props(string name, string value) => new() { [name] = value };
}
