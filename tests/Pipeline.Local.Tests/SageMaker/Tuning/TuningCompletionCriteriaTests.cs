using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Local.SageMaker.Tuning;
using Pipeline.Local.Services;
using Pipeline.Local.Tests.SageMaker.Training;
using static Pipeline.Local.Tests.SageMaker.Tuning.HyperParameterTuningJobServiceTests;

namespace Pipeline.Local.Tests.SageMaker.Tuning;

public sealed class TuningCompletionCriteriaTests : IDisposable
{
    private readonly TrainingJobFixture _fixture = new();
    private readonly HyperParameterTuningJobService _tuning;

    public TuningCompletionCriteriaTests()
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
    public async Task TargetObjectiveMetricValue_Reached_CompletesAfterFirstTrial()
    {
        await _fixture.PutBreastCancerAsync();
        var request = Request("bc-target", "Random", maxJobs: 6, maxParallel: 1);
        request["HyperParameterTuningJobConfig"]!["TuningJobCompletionCriteria"] = new JsonObject { ["TargetObjectiveMetricValue"] = 0.5 };

        await _fixture.CallAsync("CreateHyperParameterTuningJob", request);
        var final = await _tuning.WaitForCompletionAsync("bc-target");

        Assert.Equal("Completed", (string?)final["HyperParameterTuningJobStatus"]);
        Assert.Equal(1, (int)final["TrainingJobStatusCounters"]!["Completed"]!);
        Assert.Equal(0, (int)final["TrainingJobStatusCounters"]!["Stopped"]!);
        Assert.Equal(1, (int)final["ObjectiveStatusCounters"]!["Succeeded"]!);
        Assert.Equal(0, (int)final["TuningJobCompletionDetails"]!["NumberOfTrainingJobsObjectiveNotImproving"]!);
        Assert.Null(final["TuningJobCompletionDetails"]!["ConvergenceDetectedTime"]);
        Assert.True((int)final["ConsumedResources"]!["RuntimeInSeconds"]! >= 0);
        Assert.Null(final["FailureReason"]);
    }

    [Fact]
    public async Task TargetObjectiveMetricValue_Unreachable_RunsWholeBudget()
    {
        await _fixture.PutBreastCancerAsync();
        var request = Request("bc-high", "Random", maxJobs: 2, maxParallel: 1);
        request["HyperParameterTuningJobConfig"]!["TuningJobCompletionCriteria"] = new JsonObject { ["TargetObjectiveMetricValue"] = 1.5 };

        await _fixture.CallAsync("CreateHyperParameterTuningJob", request);
        var final = await _tuning.WaitForCompletionAsync("bc-high");

        Assert.Equal("Completed", (string?)final["HyperParameterTuningJobStatus"]);
        Assert.Equal(2, (int)final["TrainingJobStatusCounters"]!["Completed"]!);
    }

    [Fact]
    public async Task BestObjectiveNotImproving_FlatObjective_CompletesAfterLimit()
    {
        await _fixture.PutBreastCancerAsync();
        var request = FlatObjectiveRequest("bc-flat", maxJobs: 10);
        request["HyperParameterTuningJobConfig"]!["TuningJobCompletionCriteria"] = JsonNode.Parse("""{ "BestObjectiveNotImproving": { "MaxNumberOfTrainingJobsNotImproving": 3 } }""");

        await _fixture.CallAsync("CreateHyperParameterTuningJob", request);
        var final = await _tuning.WaitForCompletionAsync("bc-flat");

        Assert.Equal("Completed", (string?)final["HyperParameterTuningJobStatus"]);
        Assert.Equal(4, (int)final["TrainingJobStatusCounters"]!["Completed"]!);
        Assert.Equal(3, (int)final["TuningJobCompletionDetails"]!["NumberOfTrainingJobsObjectiveNotImproving"]!);
    }

    [Fact]
    public async Task BestObjectiveNotImproving_ParallelTrials_EndsWithNoneRunning()
    {
        await _fixture.PutBreastCancerAsync();
        var request = FlatObjectiveRequest("bc-flat-par", maxJobs: 12);
        request["HyperParameterTuningJobConfig"]!["ResourceLimits"]!["MaxParallelTrainingJobs"] = 2;
        request["HyperParameterTuningJobConfig"]!["TuningJobCompletionCriteria"] = JsonNode.Parse("""{ "BestObjectiveNotImproving": { "MaxNumberOfTrainingJobsNotImproving": 3 } }""");

        await _fixture.CallAsync("CreateHyperParameterTuningJob", request);
        var final = await _tuning.WaitForCompletionAsync("bc-flat-par");

        var counters = final["TrainingJobStatusCounters"]!;
        var completed = (int)counters["Completed"]!;
        var stopped = (int)counters["Stopped"]!;
        Assert.Equal("Completed", (string?)final["HyperParameterTuningJobStatus"]);
        Assert.Equal(0, (int)counters["InProgress"]!);
        Assert.InRange(completed, 4, 5);
        Assert.InRange(completed + stopped, 4, 6);
        Assert.True((int)final["TuningJobCompletionDetails"]!["NumberOfTrainingJobsObjectiveNotImproving"]! >= 3);
    }

    [Fact]
    public async Task ConvergenceDetected_Enabled_CompletesWhenObjectiveSettles()
    {
        await _fixture.PutBreastCancerAsync();
        var request = FlatObjectiveRequest("bc-conv", maxJobs: 10);
        request["HyperParameterTuningJobConfig"]!["TuningJobCompletionCriteria"] = JsonNode.Parse("""{ "ConvergenceDetected": { "CompleteOnConvergence": "Enabled" } }""");

        await _fixture.CallAsync("CreateHyperParameterTuningJob", request);
        var final = await _tuning.WaitForCompletionAsync("bc-conv");

        Assert.Equal("Completed", (string?)final["HyperParameterTuningJobStatus"]);
        Assert.Equal(CompletionCriteria.ConvergenceWindow, (int)final["TrainingJobStatusCounters"]!["Completed"]!);
        Assert.NotNull(final["TuningJobCompletionDetails"]!["ConvergenceDetectedTime"]);
    }

    [Fact]
    public async Task ConvergenceDetected_Disabled_RunsWholeBudget()
    {
        await _fixture.PutBreastCancerAsync();
        var request = FlatObjectiveRequest("bc-noconv", maxJobs: CompletionCriteria.ConvergenceWindow + 1);
        request["HyperParameterTuningJobConfig"]!["TuningJobCompletionCriteria"] = JsonNode.Parse("""{ "ConvergenceDetected": { "CompleteOnConvergence": "Disabled" } }""");

        await _fixture.CallAsync("CreateHyperParameterTuningJob", request);
        var final = await _tuning.WaitForCompletionAsync("bc-noconv");

        Assert.Equal(CompletionCriteria.ConvergenceWindow + 1, (int)final["TrainingJobStatusCounters"]!["Completed"]!);
        Assert.NotNull(final["TuningJobCompletionDetails"]!["ConvergenceDetectedTime"]);
    }

    [Fact]
    public async Task FinalMetricDataList_TuningTrial_CarriesObjectiveMetric()
    {
        await _fixture.PutBreastCancerAsync();
        await _fixture.CallAsync("CreateHyperParameterTuningJob", Request("bc-metric", "Random", maxJobs: 1, maxParallel: 1));
        var final = await _tuning.WaitForCompletionAsync("bc-metric");

        var trialName = (string)final["BestTrainingJob"]!["TrainingJobName"]!;
        var trial = await _fixture.CallAsync("DescribeTrainingJob", new JsonObject { ["TrainingJobName"] = trialName });
        var metrics = trial["FinalMetricDataList"]!.AsArray().ToDictionary(metric => (string)metric!["MetricName"]!, metric => (double)metric!["Value"]!);
        Assert.Equal(metrics["validation:auc"], metrics[HyperParameterTuningJobService.ObjectiveMetricName]);
        Assert.Equal(metrics["validation:auc"], (double)final["BestTrainingJob"]!["FinalHyperParameterTuningJobObjectiveMetric"]!["Value"]!);
    }

    [Theory]
    [InlineData("""{ "BestObjectiveNotImproving": { "MaxNumberOfTrainingJobsNotImproving": 2 } }""",
        "Value '2' at 'hyperParameterTuningJobConfig.tuningJobCompletionCriteria.bestObjectiveNotImproving.maxNumberOfTrainingJobsNotImproving' failed to satisfy constraint: Member must have value greater than or equal to 3")]
    [InlineData("""{ "BestObjectiveNotImproving": { "MaxNumberOfTrainingJobsNotImproving": "five" } }""",
        "at 'hyperParameterTuningJobConfig.tuningJobCompletionCriteria.bestObjectiveNotImproving.maxNumberOfTrainingJobsNotImproving' failed to satisfy constraint: Member must be an integer")]
    [InlineData("""{ "ConvergenceDetected": { "CompleteOnConvergence": "Yes" } }""",
        "Value 'Yes' at 'hyperParameterTuningJobConfig.tuningJobCompletionCriteria.convergenceDetected.completeOnConvergence' failed to satisfy constraint: Member must satisfy enum value set: [Disabled, Enabled]")]
    [InlineData("""{ "TargetObjectiveMetricValue": "high" }""",
        "at 'hyperParameterTuningJobConfig.tuningJobCompletionCriteria.targetObjectiveMetricValue' failed to satisfy constraint: Member must be a finite number")]
    [InlineData("""[ 0.9 ]""",
        "at 'hyperParameterTuningJobConfig.tuningJobCompletionCriteria' failed to satisfy constraint: Member must be a structure")]
    public async Task CreateHyperParameterTuningJob_InvalidCompletionCriteria_NamesProblem(string criteria, string expected)
    {
        var request = Request("bad-criteria", "Random", maxJobs: 3, maxParallel: 1);
        request["HyperParameterTuningJobConfig"]!["TuningJobCompletionCriteria"] = JsonNode.Parse(criteria);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _fixture.CallAsync("CreateHyperParameterTuningJob", request));

        Assert.Equal("ValidationException", error.ErrorCode);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    /// <summary>A Random search over XGBoost's seed alone: with no subsampling, every trial reaches the same objective.</summary>
    private static JsonObject FlatObjectiveRequest(string name, int maxJobs)
    {
        var request = Request(name, "Random", maxJobs, maxParallel: 1);
        request["HyperParameterTuningJobConfig"]!["ParameterRanges"] = JsonNode.Parse("""
            { "IntegerParameterRanges": [ { "Name": "seed", "MinValue": "0", "MaxValue": "1000", "ScalingType": "Linear" } ] }
            """);
        request["TrainingJobDefinition"]!["StaticHyperParameters"]!["num_round"] = "5";
        return request;
    }
}
