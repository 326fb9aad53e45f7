using System.Text.Json.Nodes;
using Pipeline.Local;

namespace Pipeline.Dashboard.Tests;

/// <summary>
/// Creates SageMaker resources in a <see cref="DashboardRuntime"/> through the same API operations the AWS CLI
/// calls: a real XGBoost training job on the breast cancer test data, an endpoint with two weighted variants of
/// its model, and a model package version in the registry.
/// </summary>
internal static class SageMakerResources
{
    public const string TrainingJobName = "dashboard-train";
    public const string EndpointName = "dashboard-endpoint";
    public const string ModelPackageGroupName = "dashboard-group";
    public const string Image = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1";
    private const string Bucket = "dashboard-demo-data";

    public static async Task CreateAsync(LocalRuntime runtime)
    {
        var dataFolder = RepositoryPaths.Of("tests", "Pipeline.Learning.Tests", "TestData");
        foreach (var (channel, file) in new[] { ("train", "breast_cancer.train.csv"), ("validation", "breast_cancer.validation.csv") })
        {
            await using var content = File.OpenRead(Path.Combine(dataFolder, file));
            await runtime.Objects.PutObjectAsync(Bucket, $"processed/{channel}/data.csv", content);
        }

        await CallAsync(runtime, "CreateTrainingJob", new JsonObject
        {
            ["TrainingJobName"] = TrainingJobName,
            ["AlgorithmSpecification"] = new JsonObject { ["TrainingImage"] = Image, ["TrainingInputMode"] = "File" },
            ["RoleArn"] = "arn:aws:iam::000000000000:role/SageMakerRole",
            ["HyperParameters"] = new JsonObject { ["objective"] = "binary:logistic", ["num_round"] = "5", ["eval_metric"] = "auc" },
            ["InputDataConfig"] = new JsonArray(Channel("train"), Channel("validation")),
            ["OutputDataConfig"] = new JsonObject { ["S3OutputPath"] = $"s3://{Bucket}/models/" },
            ["ResourceConfig"] = new JsonObject { ["InstanceType"] = "ml.m5.large", ["InstanceCount"] = 1, ["VolumeSizeInGB"] = 10 },
            ["StoppingCondition"] = new JsonObject { ["MaxRuntimeInSeconds"] = 600 },
        });
        var job = await runtime.Training.WaitForCompletionAsync(TrainingJobName);
        var modelData = job["ModelArtifacts"]!["S3ModelArtifacts"]!.GetValue<string>();

        await CallAsync(runtime, "CreateModel", new JsonObject
        {
            ["ModelName"] = "dashboard-model",
            ["ExecutionRoleArn"] = "arn:aws:iam::000000000000:role/SageMakerRole",
            ["PrimaryContainer"] = new JsonObject { ["Image"] = Image, ["ModelDataUrl"] = modelData },
        });
        await CallAsync(runtime, "CreateEndpointConfig", new JsonObject
        {
            ["EndpointConfigName"] = "dashboard-config",
            ["ProductionVariants"] = new JsonArray(Variant("Blue", 3), Variant("Green", 1)),
        });
        await CallAsync(runtime, "CreateEndpoint", new JsonObject { ["EndpointName"] = EndpointName, ["EndpointConfigName"] = "dashboard-config" });
        await runtime.Hosting.WaitForEndpointAsync(EndpointName);

        await CallAsync(runtime, "CreateModelPackageGroup", new JsonObject { ["ModelPackageGroupName"] = ModelPackageGroupName });
        await CallAsync(runtime, "CreateModelPackage", new JsonObject
        {
            ["ModelPackageGroupName"] = ModelPackageGroupName,
            ["ModelPackageDescription"] = "Trained by " + TrainingJobName,
            ["ModelApprovalStatus"] = "Approved",
            ["InferenceSpecification"] = new JsonObject
            {
                ["Containers"] = new JsonArray(new JsonObject { ["Image"] = Image, ["ModelDataUrl"] = modelData }),
                ["SupportedContentTypes"] = new JsonArray("text/csv"),
                ["SupportedResponseMIMETypes"] = new JsonArray("text/csv"),
            },
        });
    }

    private static Task<JsonObject> CallAsync(LocalRuntime runtime, string operation, JsonObject request) =>
        runtime.Services.InvokeAsync("sagemaker", operation, request);

    private static JsonObject Channel(string name) => new()
    {
        ["ChannelName"] = name,
        ["DataSource"] = new JsonObject
        {
            ["S3DataSource"] = new JsonObject { ["S3DataType"] = "S3Prefix", ["S3Uri"] = $"s3://{Bucket}/processed/{name}/", ["S3DataDistributionType"] = "FullyReplicated" },
        },
        ["ContentType"] = "text/csv",
        ["CompressionType"] = "None",
    };

    private static JsonObject Variant(string name, double weight) => new()
    {
        ["VariantName"] = name,
        ["ModelName"] = "dashboard-model",
        ["InitialInstanceCount"] = 1,
        ["InstanceType"] = "ml.m5.large",
        ["InitialVariantWeight"] = weight,
    };
}
