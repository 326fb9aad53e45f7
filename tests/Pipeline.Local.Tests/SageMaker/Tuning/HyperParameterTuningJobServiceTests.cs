using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Local.SageMaker.Tuning;
using Pipeline.Local.Services;
using Pipeline.Local.Tests.SageMaker.Training;

namespace Pipeline.Local.Tests.SageMaker.Tuning;

public sealed class HyperParameterTuningJobServiceTests : IDisposable
{
    private readonly TrainingJobFixture _fixture = new();
    private readonly HyperParameterTuningJobService _tuning;

    public HyperParameterTuningJobServiceTests()
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
    public async Task CreateHyperParameterTuningJob_Bayesian_RunsBudgetWithinParallelLimit()
    {
        await _fixture.PutBreastCancerAsync();
        var peak = 0;
        _fixture.Service.RoundCompleted += (_, _) => InterlockedMax(ref peak, _fixture.Service.RunningCount);

        var created = await _fixture.CallAsync("CreateHyperParameterTuningJob", Request("bc-hpo", "Bayesian", maxJobs: 6, maxParallel: 2));
        var final = await _tuning.WaitForCompletionAsync("bc-hpo");

        Assert.Equal("arn:aws:sagemaker:us-east-1:000000000000:hyper-parameter-tuning-job/bc-hpo", (string?)created["HyperParameterTuningJobArn"]);
        Assert.Equal("Completed", (string?)final["HyperParameterTuningJobStatus"]);
        Assert.Equal(6, (int)final["TrainingJobStatusCounters"]!["Completed"]!);
        Assert.Equal(0, (int)final["TrainingJobStatusCounters"]!["InProgress"]!);
        Assert.Equal(6, (int)final["ObjectiveStatusCounters"]!["Succeeded"]!);
        Assert.NotNull(final["HyperParameterTuningEndTime"]);
        Assert.InRange(peak, 1, 2);

        var trials = await _fixture.CallAsync("ListTrainingJobsForHyperParameterTuningJob", new JsonObject
        {
            ["HyperParameterTuningJobName"] = "bc-hpo",
            ["SortBy"] = "FinalObjectiveMetricValue",
            ["SortOrder"] = "Descending",
        });
        var summaries = trials["TrainingJobSummaries"]!.AsArray();
        Assert.Equal(6, summaries.Count);
        Assert.All(summaries, summary => Assert.StartsWith("bc-hpo-", (string?)summary!["TrainingJobName"], StringComparison.Ordinal));
        Assert.All(summaries, summary => Assert.Equal(["eta", "max_depth"], summary!["TunedHyperParameters"]!.AsObject().Select(pair => pair.Key).Order()));
        var best = final["BestTrainingJob"]!;
        var values = summaries.Select(summary => (double)summary!["FinalHyperParameterTuningJobObjectiveMetric"]!["Value"]!).ToList();
        Assert.Equal(values.OrderDescending(), values);
        Assert.Equal(values.Max(), (double)best["FinalHyperParameterTuningJobObjectiveMetric"]!["Value"]!);
        Assert.Equal("validation:auc", (string?)best["FinalHyperParameterTuningJobObjectiveMetric"]!["MetricName"]);
        Assert.Equal("Succeeded", (string?)best["ObjectiveStatus"]);
    }

    [Fact]
    public async Task CreateHyperParameterTuningJob_Grid_TriesEveryCombinationOnce()
    {
        await _fixture.PutBreastCancerAsync();
        var request = Request("bc-grid", "Grid", maxJobs: null, maxParallel: 3);
        request["HyperParameterTuningJobConfig"]!["ParameterRanges"] = JsonNode.Parse("""
            { "CategoricalParameterRanges": [ { "Name": "max_depth", "Values": ["2", "4"] }, { "Name": "eta", "Values": ["0.1", "0.3", "0.5"] } ] }
            """);

        await _fixture.CallAsync("CreateHyperParameterTuningJob", request);
        var final = await _tuning.WaitForCompletionAsync("bc-grid");

        Assert.Equal("Completed", (string?)final["HyperParameterTuningJobStatus"]);
        var trials = await _fixture.CallAsync("ListTrainingJobsForHyperParameterTuningJob", new JsonObject { ["HyperParameterTuningJobName"] = "bc-grid" });
        var combinations = trials["TrainingJobSummaries"]!.AsArray()
            .Select(summary => $"{summary!["TunedHyperParameters"]!["max_depth"]}/{summary["TunedHyperParameters"]!["eta"]}")
            .Order()
            .ToArray();
        Assert.Equal(["2/0.1", "2/0.3", "2/0.5", "4/0.1", "4/0.3", "4/0.5"], combinations);
    }

    [Fact]
    public async Task CreateHyperParameterTuningJob_Hyperband_GivesPromotedTrialsMoreRounds()
    {
        await _fixture.PutBreastCancerAsync();
        var request = Request("bc-band", "Hyperband", maxJobs: 13, maxParallel: 3);
        request["HyperParameterTuningJobConfig"]!["StrategyConfig"] = JsonNode.Parse("""{ "HyperbandStrategyConfig": { "MinResource": 1, "MaxResource": 9 } }""");

        await _fixture.CallAsync("CreateHyperParameterTuningJob", request);
        var final = await _tuning.WaitForCompletionAsync("bc-band");

        Assert.Equal("Completed", (string?)final["HyperParameterTuningJobStatus"]);
        var trials = await _fixture.CallAsync("ListTrainingJobsForHyperParameterTuningJob", new JsonObject { ["HyperParameterTuningJobName"] = "bc-band", ["MaxResults"] = 100 });
        var rounds = trials["TrainingJobSummaries"]!.AsArray()
            .Select(summary => int.Parse((string)summary!["TunedHyperParameters"]!["num_round"]!, CultureInfo.InvariantCulture))
            .GroupBy(value => value)
            .ToDictionary(group => group.Key, group => group.Count());
        Assert.Equal(new Dictionary<int, int> { [1] = 9, [3] = 3, [9] = 1 }, rounds);
    }

    [Fact]
    public async Task StopHyperParameterTuningJob_Running_StopsTrials()
    {
        await _fixture.PutBreastCancerAsync();
        var started = new TaskCompletionSource();
        _fixture.Service.RoundCompleted += (name, round) =>
        {
            if (name.StartsWith("bc-stop-", StringComparison.Ordinal) && round.Round == 2)
            {
                started.TrySetResult();
            }
        };
        var request = Request("bc-stop", "Random", maxJobs: 4, maxParallel: 2);
        request["TrainingJobDefinition"]!["StaticHyperParameters"]!["num_round"] = "100000";

        await _fixture.CallAsync("CreateHyperParameterTuningJob", request);
        await started.Task.WaitAsync(TimeSpan.FromMinutes(2));
        await _fixture.CallAsync("StopHyperParameterTuningJob", new JsonObject { ["HyperParameterTuningJobName"] = "bc-stop" });
        var final = await _tuning.WaitForCompletionAsync("bc-stop");

        Assert.Equal("Stopped", (string?)final["HyperParameterTuningJobStatus"]);
        Assert.Equal(0, (int)final["TrainingJobStatusCounters"]!["InProgress"]!);
        Assert.InRange((int)final["TrainingJobStatusCounters"]!["Stopped"]!, 1, 2);
    }

    [Fact]
    public async Task CreateHyperParameterTuningJob_AllTrialsFail_FailsWithReason()
    {
        await _fixture.PutBreastCancerAsync();
        var request = Request("bc-fail", "Random", maxJobs: 2, maxParallel: 2);
        request["TrainingJobDefinition"]!["StaticHyperParameters"]!["colour"] = "blue";

        await _fixture.CallAsync("CreateHyperParameterTuningJob", request);
        var final = await _tuning.WaitForCompletionAsync("bc-fail");

        Assert.Equal("Failed", (string?)final["HyperParameterTuningJobStatus"]);
        Assert.Equal(2, (int)final["TrainingJobStatusCounters"]!["NonRetryableError"]!);
        Assert.Equal(2, (int)final["ObjectiveStatusCounters"]!["Failed"]!);
        Assert.StartsWith("All training jobs failed", (string?)final["FailureReason"], StringComparison.Ordinal);
        Assert.Null(final["BestTrainingJob"]);
    }

    [Fact]
    public async Task CreateHyperParameterTuningJob_EarlyStoppingAuto_StopsPoorTrials()
    {
        await _fixture.PutBreastCancerAsync();
        var request = Request("bc-early", "Random", maxJobs: 10, maxParallel: 1);
        request["HyperParameterTuningJobConfig"]!["TrainingJobEarlyStoppingType"] = "Auto";
        request["HyperParameterTuningJobConfig"]!["HyperParameterTuningJobObjective"] = JsonNode.Parse("""{ "Type": "Minimize", "MetricName": "validation:logloss" }""");
        request["HyperParameterTuningJobConfig"]!["ParameterRanges"] = JsonNode.Parse("""
            { "ContinuousParameterRanges": [ { "Name": "eta", "MinValue": "0.001", "MaxValue": "0.5", "ScalingType": "Logarithmic" } ] }
            """);
        request["TrainingJobDefinition"]!["StaticHyperParameters"] = JsonNode.Parse("""{ "objective": "binary:logistic", "num_round": "30", "eval_metric": "logloss" }""");

        await _fixture.CallAsync("CreateHyperParameterTuningJob", request);
        var final = await _tuning.WaitForCompletionAsync("bc-early");

        Assert.Equal("Completed", (string?)final["HyperParameterTuningJobStatus"]);
        Assert.True((int)final["TrainingJobStatusCounters"]!["Stopped"]! >= 1, final["TrainingJobStatusCounters"]!.ToJsonString());
    }

    [Theory]
    [InlineData("name", "a-name-that-is-far-too-long-for-sagemaker", "failed to satisfy constraint: Member must satisfy regular expression pattern")]
    [InlineData("grid", null, "The Grid strategy searches categorical ranges only; 'max_depth' is numeric")]
    [InlineData("log", null, "uses Logarithmic scaling, which works only for ranges whose values are all greater than 0")]
    [InlineData("static", null, "The hyperparameter 'eta' is both static and tunable")]
    [InlineData("parallel", null, "Value null at 'hyperParameterTuningJobConfig.resourceLimits.maxParallelTrainingJobs'")]
    public async Task CreateHyperParameterTuningJob_InvalidRequest_NamesProblem(string problem, string? name, string expected)
    {
        var request = Request(name ?? "bad", problem == "grid" ? "Grid" : "Bayesian", maxJobs: 3, maxParallel: 1);
        var config = request["HyperParameterTuningJobConfig"]!;
        switch (problem)
        {
            case "log":
                config["ParameterRanges"]!["ContinuousParameterRanges"]![0]!["MinValue"] = "0";
                config["ParameterRanges"]!["ContinuousParameterRanges"]![0]!["ScalingType"] = "Logarithmic";
                break;
            case "static":
                request["TrainingJobDefinition"]!["StaticHyperParameters"]!["eta"] = "0.3";
                break;
            case "parallel":
                config["ResourceLimits"]!.AsObject().Remove("MaxParallelTrainingJobs");
                break;
        }

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _fixture.CallAsync("CreateHyperParameterTuningJob", request));

        Assert.Equal("ValidationException", error.ErrorCode);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateHyperParameterTuningJob_DuplicateName_ThrowsResourceInUse()
    {
        await _fixture.PutBreastCancerAsync();
        await _fixture.CallAsync("CreateHyperParameterTuningJob", Request("twice", "Random", maxJobs: 1, maxParallel: 1));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _fixture.CallAsync("CreateHyperParameterTuningJob", Request("twice", "Random", maxJobs: 1, maxParallel: 1)));

        Assert.Equal("ResourceInUse", error.ErrorCode);
        await _tuning.WaitForCompletionAsync("twice");
    }

    [Fact]
    public async Task DescribeHyperParameterTuningJob_Unknown_ThrowsResourceNotFound()
    {
        var error = await Assert.ThrowsAsync<AwsServiceException>(
            () => _fixture.CallAsync("DescribeHyperParameterTuningJob", new JsonObject { ["HyperParameterTuningJobName"] = "ghost" }));

        Assert.Equal("ResourceNotFound", error.ErrorCode);
        Assert.Equal("Amazon SageMaker can't find a tuning job with name ghost", error.Message);
    }

    [Fact]
    public async Task ListHyperParameterTuningJobs_AfterRun_ListsSummaryWithStrategy()
    {
        await _fixture.PutBreastCancerAsync();
        await _fixture.CallAsync("CreateHyperParameterTuningJob", Request("listed", "Random", maxJobs: 1, maxParallel: 1));
        await _tuning.WaitForCompletionAsync("listed");

        var listed = await _fixture.CallAsync("ListHyperParameterTuningJobs", new JsonObject { ["StatusEquals"] = "Completed" });

        var summary = Assert.Single(listed["HyperParameterTuningJobSummaries"]!.AsArray());
        Assert.Equal("listed", (string?)summary!["HyperParameterTuningJobName"]);
        Assert.Equal("Random", (string?)summary["Strategy"]);
        Assert.Equal(1, (int)summary["TrainingJobStatusCounters"]!["Completed"]!);
    }

    internal static JsonObject Request(string name, string strategy, int? maxJobs, int maxParallel)
    {
        var training = TrainingJobFixture.Request("unused", numRound: "10");
        var limits = new JsonObject { ["MaxParallelTrainingJobs"] = maxParallel };
        if (maxJobs is not null)
        {
            limits["MaxNumberOfTrainingJobs"] = maxJobs;
        }

        return new JsonObject
        {
            ["HyperParameterTuningJobName"] = name,
            ["HyperParameterTuningJobConfig"] = new JsonObject
            {
                ["Strategy"] = strategy,
                ["HyperParameterTuningJobObjective"] = new JsonObject { ["Type"] = "Maximize", ["MetricName"] = "validation:auc" },
                ["ResourceLimits"] = limits,
                ["ParameterRanges"] = JsonNode.Parse("""
                    {
                      "ContinuousParameterRanges": [ { "Name": "eta", "MinValue": "0.05", "MaxValue": "0.5", "ScalingType": "Auto" } ],
                      "IntegerParameterRanges": [ { "Name": "max_depth", "MinValue": "2", "MaxValue": "6", "ScalingType": "Linear" } ]
                    }
                    """),
                ["RandomSeed"] = 11,
            },
            ["TrainingJobDefinition"] = new JsonObject
            {
                ["StaticHyperParameters"] = new JsonObject { ["objective"] = "binary:logistic", ["num_round"] = "10", ["eval_metric"] = "auc" },
                ["AlgorithmSpecification"] = training["AlgorithmSpecification"]!.DeepClone(),
                ["RoleArn"] = TrainingJobFixture.Role,
                ["InputDataConfig"] = training["InputDataConfig"]!.DeepClone(),
                ["OutputDataConfig"] = training["OutputDataConfig"]!.DeepClone(),
                ["ResourceConfig"] = training["ResourceConfig"]!.DeepClone(),
                ["StoppingCondition"] = training["StoppingCondition"]!.DeepClone(),
            },
        };
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
