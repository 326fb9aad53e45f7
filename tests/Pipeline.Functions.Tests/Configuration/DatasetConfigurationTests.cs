using System.Text.Json.Nodes;
using Pipeline.Functions.Configuration;

namespace Pipeline.Functions.Tests.Configuration;

public sealed class DatasetConfigurationTests
{
    private const string Source = "s3://b/config/ds.json";

    [Fact]
    public void Parse_MinimalFile_FillsEveryDefault()
    {
        var config = DatasetConfiguration.Parse("""{"preprocessing":{"target":"y"}}""", "my_data.set", Source);

        var json = config.ToJson();
        var training = json["training"]!.AsObject();
        Assert.Equal(TrainingConfiguration.DefaultTrainingImage, (string?)training["trainingImage"]);
        Assert.Equal("ml.m5.large", (string?)training["instanceType"]);
        Assert.Equal(1, (int?)training["instanceCount"]);
        Assert.Equal(10, (int?)training["volumeSizeInGB"]);
        Assert.Equal(3600, (int?)training["maxRuntimeInSeconds"]);
        Assert.Equal("binary:logistic", (string?)training["hyperParameters"]!["objective"]);
        Assert.Equal("100", (string?)training["hyperParameters"]!["num_round"]);
        Assert.Equal("auc", (string?)training["hyperParameters"]!["eval_metric"]);
        var promotion = json["promotion"]!.AsObject();
        Assert.Equal("validation:auc", (string?)promotion["metric"]);
        Assert.Equal("Maximize", (string?)promotion["direction"]);
        Assert.Equal(0.0, (double?)promotion["threshold"]);
        Assert.Equal(0.0, (double?)promotion["minImprovement"]);
        var deployment = json["deployment"]!.AsObject();
        Assert.Equal("my-data-set", (string?)deployment["endpointName"]);
        Assert.Equal("ml.m5.large", (string?)deployment["instanceType"]);
        Assert.Equal(1, (int?)deployment["initialInstanceCount"]);
        Assert.Equal(30, (int?)deployment["statusPollSeconds"]);
        Assert.False((bool?)deployment["acceptRawRows"]);
        Assert.False(config.Deployment.AcceptRawRows);
        Assert.Equal(300, (int?)deployment["bakeSeconds"]);
        Assert.Equal(1, (int?)deployment["rollbackErrorThreshold"]);
    }

    [Fact]
    public void Parse_AcceptRawRowsTrue_IsReadAndKept()
    {
        var config = DatasetConfiguration.Parse("""{"preprocessing":{"target":"y"},"deployment":{"acceptRawRows":true}}""", "ds", Source);

        Assert.True(config.Deployment.AcceptRawRows);
        Assert.True((bool?)config.ToJson()["deployment"]!["acceptRawRows"]);
    }

    [Fact]
    public void Parse_AcceptRawRowsAsString_IsRejectedNamingTheValue()
    {
        var error = Assert.Throws<DatasetConfigurationException>(() =>
            DatasetConfiguration.Parse("""{"preprocessing":{"target":"y"},"deployment":{"acceptRawRows":"true"}}""", "ds", Source));

        var problem = Assert.Single(error.Problems);
        Assert.Contains("'deployment.acceptRawRows' must be true or false", problem, StringComparison.Ordinal);
        Assert.Contains("without quotes", problem, StringComparison.Ordinal);
        Assert.Contains("the string \"true\"", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("acceptRawRow")]
    [InlineData("AcceptRawRows")]
    [InlineData("acceptRowRows")]
    public void Parse_MisspelledDeploymentSetting_SuggestsTheName(string name)
    {
        var error = Assert.Throws<DatasetConfigurationException>(() =>
            DatasetConfiguration.Parse("{\"preprocessing\":{\"target\":\"y\"},\"deployment\":{\"" + name + "\":true}}", "ds", Source));

        var problem = Assert.Single(error.Problems);
        Assert.Contains($"'deployment.{name}'", problem, StringComparison.Ordinal);
        Assert.Contains("did you mean 'acceptRawRows'?", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DefaultTrainingImageGiven_UsesItWhenFileNamesNone()
    {
        var config = DatasetConfiguration.Parse("""{"preprocessing":{"target":"y"}}""", "ds", Source, "eu-west-1", "my-registry/xgboost:1.7-1");

        Assert.Equal("my-registry/xgboost:1.7-1", (string?)config.ToJson()["training"]!["trainingImage"]);
    }

    [Theory]
    [InlineData("trainig", "did you mean 'training'?")]
    [InlineData("Promotion", "did you mean 'promotion'?")]
    [InlineData("extras", "is not a section of a dataset configuration; use preprocessing")]
    public void Parse_UnknownSection_IsRejectedWithSuggestion(string section, string expected)
    {
        var error = Assert.Throws<DatasetConfigurationException>(() =>
            DatasetConfiguration.Parse("{\"preprocessing\":{\"target\":\"y\"},\"" + section + "\":{}}", "ds", Source));

        Assert.Contains($"'{section}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_StatusPollSecondsOutOfRange_IsRejected()
    {
        var error = Assert.Throws<DatasetConfigurationException>(() =>
            DatasetConfiguration.Parse("""{"preprocessing":{"target":"y"},"deployment":{"statusPollSeconds":0}}""", "ds", Source));

        Assert.Contains("statusPollSeconds", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bakeSeconds", 3601)]
    [InlineData("bakeSeconds", -1)]
    [InlineData("rollbackErrorThreshold", 0)]
    public void Parse_RollbackSettingOutOfRange_IsRejected(string member, int value)
    {
        var error = Assert.Throws<DatasetConfigurationException>(() =>
            DatasetConfiguration.Parse($$$"""{"preprocessing":{"target":"y"},"deployment":{"{{{member}}}":{{{value}}}}}""", "ds", Source));

        Assert.Contains(member, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RollbackSettings_AreReadAndKept()
    {
        var config = DatasetConfiguration.Parse("""{"preprocessing":{"target":"y"},"deployment":{"bakeSeconds":0,"rollbackErrorThreshold":5}}""", "ds", Source);

        Assert.Equal(0, config.Deployment.BakeSeconds);
        Assert.Equal(5, config.Deployment.RollbackErrorThreshold);
        Assert.Equal(5, (int?)config.ToJson()["deployment"]!["rollbackErrorThreshold"]);
    }

    [Fact]
    public void Parse_HyperParametersAsNumbersAndBooleans_AreStringified()
    {
        var config = DatasetConfiguration.Parse(
            """{"preprocessing":{"target":0},"training":{"hyperParameters":{"eta":0.1,"max_depth":5,"verbosity":"1","one_drop":true,"alpha":1e-3}}}""",
            "ds",
            Source);

        var hyperParameters = config.Training.HyperParameters;
        Assert.Equal("0.1", hyperParameters["eta"]);
        Assert.Equal("5", hyperParameters["max_depth"]);
        Assert.Equal("1", hyperParameters["verbosity"]);
        Assert.Equal("true", hyperParameters["one_drop"]);
        Assert.Equal("1e-3", hyperParameters["alpha"]);
        Assert.Equal("100", hyperParameters["num_round"]);
        Assert.False(hyperParameters.ContainsKey("objective"));
        Assert.Equal("0.1", (string?)config.ToJson()["training"]!["hyperParameters"]!["eta"]);
    }

    [Fact]
    public void Parse_UnknownMembers_AreKept()
    {
        var config = DatasetConfiguration.Parse(
            """{"preprocessing":{"target":"y","testFraction":0.1},"tuning":{"maxJobs":4},"deployment":{"strategy":"canary"}}""",
            "ds",
            Source);

        var json = config.ToJson();
        Assert.Equal(4, (int?)json["tuning"]!["maxJobs"]);
        Assert.Equal("canary", (string?)json["deployment"]!["strategy"]);
        Assert.Equal(0.1, (double?)json["preprocessing"]!["testFraction"]);
    }

    [Fact]
    public void Parse_CommentsAndTrailingCommas_AreAccepted()
    {
        var config = DatasetConfiguration.Parse("{ // label\n \"preprocessing\": {\"target\": \"y\",}, }", "ds", Source);

        Assert.Equal("y", (string?)config.Preprocessing["target"]);
    }

    [Fact]
    public void Parse_NotJson_NamesSourceAndFix()
    {
        var error = Assert.Throws<DatasetConfigurationException>(() => DatasetConfiguration.Parse("{ preprocessing", "ds", Source));

        Assert.Contains(Source, error.Message, StringComparison.Ordinal);
        Assert.Contains("not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_JsonArray_IsRejected()
    {
        var error = Assert.Throws<DatasetConfigurationException>(() => DatasetConfiguration.Parse("[]", "ds", Source));

        Assert.Contains("must be a JSON object", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ManyInvalidValues_ReportsEveryProblem()
    {
        var error = Assert.Throws<DatasetConfigurationException>(() => DatasetConfiguration.Parse(
            """
            {
              "preprocessing": { "target": -1 },
              "training": { "instanceType": "m5.large", "instanceCount": 1.5, "volumeSizeInGB": "10", "hyperParameters": { "eta": null, "nested": {} } },
              "promotion": { "direction": "Up", "threshold": "high", "minImprovement": -0.1 },
              "deployment": { "endpointName": "bad_name!", "initialInstanceCount": 0 }
            }
            """,
            "ds",
            Source));

        var expectedPaths = new[]
        {
            "preprocessing.target", "training.instanceType", "training.instanceCount", "training.volumeSizeInGB",
            "training.hyperParameters.eta", "training.hyperParameters.nested", "promotion.direction", "promotion.threshold",
            "promotion.minImprovement", "deployment.endpointName", "deployment.initialInstanceCount",
        };
        Assert.Equal(expectedPaths.Length, error.Problems.Count);
        foreach (var path in expectedPaths)
        {
            Assert.Contains(error.Problems, problem => problem.Contains($"'{path}'", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Parse_MissingPreprocessing_SaysWhatToAdd()
    {
        var error = Assert.Throws<DatasetConfigurationException>(() => DatasetConfiguration.Parse("{}", "ds", Source));

        Assert.Contains("\"preprocessing\": {\"target\"", Assert.Single(error.Problems), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("validation:auc", "Maximize")]
    [InlineData("validation:rmse", "Minimize")]
    [InlineData("validation:logloss", "Minimize")]
    [InlineData("validation:mlogloss", "Minimize")]
    [InlineData("train:error", "Minimize")]
    [InlineData("validation:error@0.7", "Minimize")]
    [InlineData("validation:ndcg@5", "Maximize")]
    [InlineData("validation:accuracy", "Maximize")]
    [InlineData("validation:f1", "Maximize")]
    public void DefaultDirection_MetricName_FollowsItsMeaning(string metric, string direction)
    {
        Assert.Equal(direction, DatasetConfiguration.DefaultDirection(metric));
    }

    [Fact]
    public void ParsePromotion_MinimizeWithoutThreshold_HasNoThreshold()
    {
        var rule = DatasetConfiguration.ParsePromotion(new JsonObject { ["metric"] = "validation:rmse" });

        Assert.Equal("Minimize", rule.Direction);
        Assert.Null(rule.Threshold);
    }

    [Fact]
    public void ParsePromotion_DirectionInAnyCase_IsNormalized()
    {
        var rule = DatasetConfiguration.ParsePromotion(new JsonObject { ["metric"] = "validation:auc", ["direction"] = "minimize", ["threshold"] = 0.3 });

        Assert.Equal("Minimize", rule.Direction);
        Assert.Equal(0.3, rule.Threshold);
    }

    [Fact]
    public void ParsePromotion_Null_UsesDefaults()
    {
        var rule = DatasetConfiguration.ParsePromotion(null);

        Assert.Equal(new PromotionConfiguration { Threshold = 0.0 }, rule);
    }
}

public sealed class XgboostImagesTests
{
    [Theory]
    [InlineData("us-east-1", "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1")]
    [InlineData("eu-west-1", "141502667606.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-xgboost:1.7-1")]
    [InlineData("cn-north-1", "450853457545.dkr.ecr.cn-north-1.amazonaws.com.cn/sagemaker-xgboost:1.7-1")]
    [InlineData("mars-1", TrainingConfiguration.DefaultTrainingImage)]
    [InlineData(null, TrainingConfiguration.DefaultTrainingImage)]
    public void ForRegion_Region_ReturnsRegionalImage(string? region, string image)
    {
        Assert.Equal(image, XgboostImages.ForRegion(region));
    }

    [Fact]
    public void Parse_RegionWithoutImage_UsesRegionalDefault()
    {
        var config = DatasetConfiguration.Parse("""{"preprocessing":{"target":"y"}}""", "ds", "s3://b/config/ds.json", "us-west-2");

        Assert.Equal("246618743249.dkr.ecr.us-west-2.amazonaws.com/sagemaker-xgboost:1.7-1", config.Training.TrainingImage);
    }

    [Fact]
    public void Parse_GivenImage_WinsOverRegion()
    {
        var config = DatasetConfiguration.Parse("""{"preprocessing":{"target":"y"},"training":{"trainingImage":"my/image:1"}}""", "ds", "s3://b/config/ds.json", "us-west-2");

        Assert.Equal("my/image:1", config.Training.TrainingImage);
    }
}
