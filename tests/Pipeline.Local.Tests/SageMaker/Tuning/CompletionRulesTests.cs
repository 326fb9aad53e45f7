using System.Text.Json.Nodes;
using Pipeline.Learning.Tuning;
using Pipeline.Local.SageMaker.Tuning;

namespace Pipeline.Local.Tests.SageMaker.Tuning;

public sealed class CompletionRulesTests
{
    [Fact]
    public void Evaluate_GainBelowOnePercent_CountsAsNotImproving()
    {
        var criteria = new CompletionCriteria(null, 3, false);

        var state = criteria.Evaluate([0.90, 0.905, 0.91, 0.95, 0.951], ObjectiveType.Maximize);

        Assert.Equal(1, state.NumberOfTrainingJobsObjectiveNotImproving);
        Assert.False(state.NotImprovingLimitReached);
    }

    [Fact]
    public void Evaluate_MinimizeWithoutGain_ReachesLimit()
    {
        var criteria = new CompletionCriteria(null, 3, false);

        var state = criteria.Evaluate([0.5, 0.3, 0.31, 0.299, 0.4], ObjectiveType.Minimize);

        Assert.Equal(3, state.NumberOfTrainingJobsObjectiveNotImproving);
        Assert.True(state.NotImprovingLimitReached);
    }

    [Theory]
    [InlineData(ObjectiveType.Maximize, 0.95, true)]
    [InlineData(ObjectiveType.Maximize, 0.96, false)]
    [InlineData(ObjectiveType.Minimize, 0.90, true)]
    [InlineData(ObjectiveType.Minimize, 0.89, false)]
    public void Evaluate_Target_FollowsObjectiveDirection(ObjectiveType objective, double target, bool reached)
    {
        var criteria = new CompletionCriteria(target, null, false);

        var state = criteria.Evaluate([0.93, 0.95, 0.90], objective);

        Assert.Equal(reached, state.TargetReached);
    }

    [Fact]
    public void Evaluate_SettledWindow_DetectsConvergence()
    {
        var criteria = new CompletionCriteria(null, null, true);

        var spread = criteria.Evaluate([0.5, 0.9, 0.9001, 0.9002, 0.9, 0.9001], ObjectiveType.Maximize);
        var tooFew = criteria.Evaluate([0.9, 0.9, 0.9, 0.9], ObjectiveType.Maximize);
        var noisy = criteria.Evaluate([0.9, 0.91, 0.9, 0.9, 0.9], ObjectiveType.Maximize);

        Assert.True(spread.Converged);
        Assert.False(tooFew.Converged);
        Assert.False(noisy.Converged);
    }

    [Fact]
    public void ApplySummaries_FailedTrials_SplitsByFailureReason()
    {
        var document = new JsonObject
        {
            ["HyperParameterTuningJobConfig"] = JsonNode.Parse("""{ "HyperParameterTuningJobObjective": { "Type": "Maximize", "MetricName": "validation:auc" } }"""),
        };
        List<JsonObject> summaries =
        [
            Failed("ClientError: unknown hyperparameter colour"),
            Failed("AlgorithmError: XGB train call failed"),
            Failed("InternalServerError: The local runtime stopped"),
            new JsonObject { ["TrainingJobStatus"] = "Completed", ["ObjectiveStatus"] = "Succeeded", ["FinalHyperParameterTuningJobObjectiveMetric"] = new JsonObject { ["Value"] = 0.9 } },
        ];

        HyperParameterTuningJobService.ApplySummaries(document, summaries);

        var counters = document["TrainingJobStatusCounters"]!;
        Assert.Equal(2, (int)counters["NonRetryableError"]!);
        Assert.Equal(1, (int)counters["RetryableError"]!);
        Assert.Equal(1, (int)counters["Completed"]!);
        Assert.Equal(3, (int)document["ObjectiveStatusCounters"]!["Failed"]!);
    }

    private static JsonObject Failed(string reason) =>
        new() { ["TrainingJobStatus"] = "Failed", ["ObjectiveStatus"] = "Failed", ["FailureReason"] = reason };
}
