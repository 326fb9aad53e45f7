using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Local.SageMaker.Tuning;
using Pipeline.Local.Services;
using Pipeline.Local.Tests.SageMaker.Training;
using static Pipeline.Local.Tests.SageMaker.Tuning.HyperParameterTuningJobServiceTests;

namespace Pipeline.Local.Tests.SageMaker.Tuning;

public sealed class TuningWarmStartTests : IDisposable
{
    private readonly TrainingJobFixture _fixture = new();
    private readonly HyperParameterTuningJobService _tuning;

    public TuningWarmStartTests()
    {
        _tuning = new HyperParameterTuningJobService(_fixture.Service, _fixture.Store, _fixture.Time, NullLoggerFactory.Instance);
        _tuning.Register(_fixture.Registry);
    }

    public void Dispose()
    {
        _tuning.Dispose();
        _fixture.Dispose();
    }

    [Fact]
    public async Task WarmStart_CompletedParent_SeedsSearch()
    {
        await _fixture.PutBreastCancerAsync();
        await _fixture.CallAsync("CreateHyperParameterTuningJob", Request("bc-parent", "Random", maxJobs: 3, maxParallel: 1));
        var parent = await _tuning.WaitForCompletionAsync("bc-parent");
        await _fixture.CallAsync("CreateHyperParameterTuningJob", Request("bc-cold", "Bayesian", maxJobs: 1, maxParallel: 1));
        await _tuning.WaitForCompletionAsync("bc-cold");
        var request = Request("bc-warm", "Bayesian", maxJobs: 1, maxParallel: 1);
        request["WarmStartConfig"] = WarmStart("IdenticalDataAndAlgorithm", "bc-parent");

        await _fixture.CallAsync("CreateHyperParameterTuningJob", request);
        var final = await _tuning.WaitForCompletionAsync("bc-warm");

        Assert.Equal("Completed", (string?)final["HyperParameterTuningJobStatus"]);
        Assert.Equal("IdenticalDataAndAlgorithm", (string?)final["WarmStartConfig"]!["WarmStartType"]);
        Assert.Equal(1, (int)final["TrainingJobStatusCounters"]!["Completed"]!);
        Assert.NotEqual(Tuned(await TrialsAsync("bc-cold")), Tuned(await TrialsAsync("bc-warm")));
        var parentBest = (double)parent["BestTrainingJob"]!["FinalHyperParameterTuningJobObjectiveMetric"]!["Value"]!;
        var ownBest = (double)final["BestTrainingJob"]!["FinalHyperParameterTuningJobObjectiveMetric"]!["Value"]!;
        var overall = final["OverallBestTrainingJob"]!;
        Assert.Equal(Math.Max(parentBest, ownBest), (double)overall["FinalHyperParameterTuningJobObjectiveMetric"]!["Value"]!);
        var expectedName = parentBest >= ownBest ? parent["BestTrainingJob"]!["TrainingJobName"] : final["BestTrainingJob"]!["TrainingJobName"];
        Assert.Equal((string?)expectedName, (string?)overall["TrainingJobName"]);
    }

    [Fact]
    public async Task WarmStart_TransferLearningWithOtherRanges_Completes()
    {
        await _fixture.PutBreastCancerAsync();
        await _fixture.CallAsync("CreateHyperParameterTuningJob", Request("bc-source", "Random", maxJobs: 1, maxParallel: 1));
        await _tuning.WaitForCompletionAsync("bc-source");
        var request = Request("bc-transfer", "Random", maxJobs: 1, maxParallel: 1);
        request["WarmStartConfig"] = WarmStart("TransferLearning", "bc-source");
        request["TrainingJobDefinition"]!["StaticHyperParameters"]!["num_round"] = "5";
        request["HyperParameterTuningJobConfig"]!["ParameterRanges"]!["ContinuousParameterRanges"]![0]!["MinValue"] = "0.3";

        await _fixture.CallAsync("CreateHyperParameterTuningJob", request);
        var final = await _tuning.WaitForCompletionAsync("bc-transfer");

        Assert.Equal("Completed", (string?)final["HyperParameterTuningJobStatus"]);
        Assert.Equal("TransferLearning", (string?)final["WarmStartConfig"]!["WarmStartType"]);
        Assert.Null(final["OverallBestTrainingJob"]);
    }

    [Fact]
    public async Task WarmStart_RunningParent_ThrowsValidation()
    {
        await _fixture.PutBreastCancerAsync();
        var parentRequest = Request("bc-busy", "Random", maxJobs: 1, maxParallel: 1);
        parentRequest["TrainingJobDefinition"]!["StaticHyperParameters"]!["num_round"] = "100000";
        await _fixture.CallAsync("CreateHyperParameterTuningJob", parentRequest);
        var request = Request("bc-child", "Bayesian", maxJobs: 1, maxParallel: 1);
        request["WarmStartConfig"] = WarmStart("TransferLearning", "bc-busy");

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _fixture.CallAsync("CreateHyperParameterTuningJob", request));
        await _fixture.CallAsync("StopHyperParameterTuningJob", new JsonObject { ["HyperParameterTuningJobName"] = "bc-busy" });
        await _tuning.WaitForCompletionAsync("bc-busy");

        Assert.Equal("ValidationException", error.ErrorCode);
        Assert.Contains("The parent hyperparameter tuning job 'bc-busy' is InProgress. A warm-start parent must be Completed, Stopped or Failed", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<AwsServiceException>(() => _fixture.CallAsync("DescribeHyperParameterTuningJob", new JsonObject { ["HyperParameterTuningJobName"] = "bc-child" }));
    }

    [Fact]
    public async Task WarmStart_OtherObjectiveOrData_ThrowsValidation()
    {
        await _fixture.PutBreastCancerAsync();
        await _fixture.CallAsync("CreateHyperParameterTuningJob", Request("bc-auc", "Random", maxJobs: 1, maxParallel: 1));
        await _tuning.WaitForCompletionAsync("bc-auc");
        var otherObjective = Request("bc-logloss", "Bayesian", maxJobs: 1, maxParallel: 1);
        otherObjective["HyperParameterTuningJobConfig"]!["HyperParameterTuningJobObjective"] = JsonNode.Parse("""{ "Type": "Minimize", "MetricName": "validation:logloss" }""");
        otherObjective["WarmStartConfig"] = WarmStart("TransferLearning", "bc-auc");
        var otherData = Request("bc-otherdata", "Bayesian", maxJobs: 1, maxParallel: 1);
        otherData["TrainingJobDefinition"]!["InputDataConfig"]![0]!["DataSource"]!["S3DataSource"]!["S3Uri"] = "s3://data/other/";
        otherData["WarmStartConfig"] = WarmStart("IdenticalDataAndAlgorithm", "bc-auc");

        var otherCount = Request("bc-othercount", "Bayesian", maxJobs: 1, maxParallel: 1);
        otherCount["TrainingJobDefinition"]!["StaticHyperParameters"]!["gamma"] = "1";
        otherCount["WarmStartConfig"] = WarmStart("IdenticalDataAndAlgorithm", "bc-auc");

        var objectiveError = await Assert.ThrowsAsync<AwsServiceException>(() => _fixture.CallAsync("CreateHyperParameterTuningJob", otherObjective));
        var dataError = await Assert.ThrowsAsync<AwsServiceException>(() => _fixture.CallAsync("CreateHyperParameterTuningJob", otherData));

        Assert.Equal("ValidationException", objectiveError.ErrorCode);
        Assert.Contains("uses the objective Maximize validation:auc, but this tuning job uses Minimize validation:logloss", objectiveError.Message, StringComparison.Ordinal);
        Assert.Equal("ValidationException", dataError.ErrorCode);
        Assert.Contains("needs the same training image and InputDataConfig as the parent hyperparameter tuning job 'bc-auc', but the InputDataConfig differs", dataError.Message, StringComparison.Ordinal);
        var countError = await Assert.ThrowsAsync<AwsServiceException>(() => _fixture.CallAsync("CreateHyperParameterTuningJob", otherCount));
        Assert.Equal("ValidationException", countError.ErrorCode);
        Assert.Contains("needs the same number of static plus tunable hyperparameters as the parent hyperparameter tuning job 'bc-auc' (5), but this tuning job has 6", countError.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("missing", "The parent hyperparameter tuning job 'ghost' in WarmStartConfig.ParentHyperParameterTuningJobs was not found")]
    [InlineData("type", "Value null at 'warmStartConfig.warmStartType' failed to satisfy constraint: Member must not be null")]
    [InlineData("enum", "Value 'Identical' at 'warmStartConfig.warmStartType' failed to satisfy constraint: Member must satisfy enum value set: [IdenticalDataAndAlgorithm, TransferLearning]")]
    [InlineData("none", "Value '0' at 'warmStartConfig.parentHyperParameterTuningJobs' failed to satisfy constraint: Member must have length greater than or equal to 1")]
    [InlineData("many", "Value '6' at 'warmStartConfig.parentHyperParameterTuningJobs' failed to satisfy constraint: Member must have length less than or equal to 5")]
    [InlineData("name", "Value null at 'warmStartConfig.parentHyperParameterTuningJobs.member.hyperParameterTuningJobName' failed to satisfy constraint: Member must not be null")]
    public async Task WarmStart_InvalidConfig_NamesProblem(string problem, string expected)
    {
        var request = Request("bad-warm", "Bayesian", maxJobs: 1, maxParallel: 1);
        var warmStart = WarmStart("TransferLearning", "ghost");
        var parents = warmStart["ParentHyperParameterTuningJobs"]!.AsArray();
        switch (problem)
        {
            case "type":
                warmStart.Remove("WarmStartType");
                break;
            case "enum":
                warmStart["WarmStartType"] = "Identical";
                break;
            case "none":
                parents.Clear();
                break;
            case "many":
                for (var i = 0; i < 5; i++)
                {
                    parents.Add(new JsonObject { ["HyperParameterTuningJobName"] = $"ghost{i}" });
                }

                break;
            case "name":
                parents[0]!.AsObject().Remove("HyperParameterTuningJobName");
                break;
        }

        request["WarmStartConfig"] = warmStart;

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _fixture.CallAsync("CreateHyperParameterTuningJob", request));

        Assert.Equal("ValidationException", error.ErrorCode);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private static JsonObject WarmStart(string type, string parent) => new()
    {
        ["ParentHyperParameterTuningJobs"] = new JsonArray(new JsonObject { ["HyperParameterTuningJobName"] = parent }),
        ["WarmStartType"] = type,
    };

    private async Task<JsonArray> TrialsAsync(string tuningJobName) =>
        (await _fixture.CallAsync("ListTrainingJobsForHyperParameterTuningJob", new JsonObject { ["HyperParameterTuningJobName"] = tuningJobName }))["TrainingJobSummaries"]!.AsArray();

    private static string Tuned(JsonArray trials) => Assert.Single(trials)!["TunedHyperParameters"]!.ToJsonString();
}
