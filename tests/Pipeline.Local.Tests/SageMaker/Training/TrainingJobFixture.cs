using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Pipeline.Local.Persistence;
using Pipeline.Local.SageMaker.Training;
using Pipeline.Local.Services;
using Pipeline.Local.Storage;

namespace Pipeline.Local.Tests.SageMaker.Training;

/// <summary>A training job service over a real folder object store in a temporary directory, with a fake clock.</summary>
internal sealed class TrainingJobFixture : IDisposable
{
    public const string Role = "arn:aws:iam::000000000000:role/SageMakerRole";
    public const string Image = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1";

    public TrainingJobFixture(IResourceStore? store = null)
    {
        Root = Path.Combine(Path.GetTempPath(), "pipeline-training-jobs", Guid.NewGuid().ToString("N"));
        Objects = new FolderObjectStore(Path.Combine(Root, "buckets"), Time);
        Store = store ?? new InMemoryResourceStore();
        Service = new TrainingJobService(Objects, Store, Time, NullLoggerFactory.Instance, Path.Combine(Root, "work"));
        Service.Register(Registry);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 5, 1, 8, 0, 0, TimeSpan.Zero));

    public string Root { get; }

    public FolderObjectStore Objects { get; }

    public IResourceStore Store { get; }

    public TrainingJobService Service { get; }

    public LocalServiceRegistry Registry { get; } = new();

    public static string Data(string name) => RepositoryPaths.Of("tests", "Pipeline.Learning.Tests", "TestData", name);

    public async Task PutFileAsync(string bucket, string key, string path)
    {
        await Objects.CreateBucketAsync(bucket);
        await using var content = File.OpenRead(path);
        await Objects.PutObjectAsync(bucket, key, content);
    }

    public async Task PutBreastCancerAsync()
    {
        await PutFileAsync("data", "processed/bc/train/data.csv", Data("breast_cancer.train.csv"));
        await PutFileAsync("data", "processed/bc/validation/data.csv", Data("breast_cancer.validation.csv"));
    }

    public Task<JsonObject> CallAsync(string operation, JsonObject request) => Registry.InvokeAsync("sagemaker", operation, request);

    /// <summary>Returns a valid CreateTrainingJob request for the breast cancer data.</summary>
    public static JsonObject Request(string name, string numRound = "20", string trainPrefix = "s3://data/processed/bc/train/") => new()
    {
        ["TrainingJobName"] = name,
        ["AlgorithmSpecification"] = new JsonObject { ["TrainingImage"] = Image, ["TrainingInputMode"] = "File" },
        ["RoleArn"] = Role,
        ["HyperParameters"] = new JsonObject
        {
            ["objective"] = "binary:logistic",
            ["num_round"] = numRound,
            ["eval_metric"] = "auc",
        },
        ["InputDataConfig"] = new JsonArray
        {
            Channel("train", trainPrefix),
            Channel("validation", "s3://data/processed/bc/validation/"),
        },
        ["OutputDataConfig"] = new JsonObject { ["S3OutputPath"] = "s3://models/bc/" },
        ["ResourceConfig"] = new JsonObject { ["InstanceType"] = "ml.m5.large", ["InstanceCount"] = 1, ["VolumeSizeInGB"] = 10 },
        ["StoppingCondition"] = new JsonObject { ["MaxRuntimeInSeconds"] = 3600 },
    };

    public static JsonObject Channel(string name, string uri, string dataType = "S3Prefix", string contentType = "text/csv", string compression = "None") => new()
    {
        ["ChannelName"] = name,
        ["DataSource"] = new JsonObject
        {
            ["S3DataSource"] = new JsonObject { ["S3DataType"] = dataType, ["S3Uri"] = uri, ["S3DataDistributionType"] = "FullyReplicated" },
        },
        ["ContentType"] = contentType,
        ["CompressionType"] = compression,
    };

    public void Dispose()
    {
        Service.Dispose();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
