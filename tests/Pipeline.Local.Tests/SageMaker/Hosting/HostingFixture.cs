using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Pipeline.Local.CloudWatch;
using Pipeline.Local.Persistence;
using Pipeline.Local.SageMaker.Hosting;
using Pipeline.Local.Services;
using Pipeline.Local.Storage;

namespace Pipeline.Local.Tests.SageMaker.Hosting;

/// <summary>
/// A hosting service over a real folder object store, with a fake model loader, the SageMaker operations
/// in a <see cref="LocalServiceRegistry"/>, and (after <see cref="StartHttpAsync"/>) a Kestrel host on 127.0.0.1.
/// </summary>
internal sealed class HostingFixture : IAsyncDisposable
{
    public const string Bucket = "models-bucket";

    private WebApplication? _app;

    public HostingFixture(int seed = 7, IResourceStore? store = null, IEndpointAlarmMonitor? alarms = null)
    {
        Alarms = alarms;
        Root = Path.Combine(Path.GetTempPath(), "hosting-" + Guid.NewGuid().ToString("N"));
        ObjectStore = new FolderObjectStore(Path.Combine(Root, "buckets"));
        ObjectStore.CreateBucketAsync(Bucket).GetAwaiter().GetResult();
        Store = store ?? new InMemoryResourceStore();
        Metrics = new LocalMetricStore(Time, NullLoggerFactory.Instance, TimeSpan.FromHours(3));
        Service = CreateService(seed);
        Service.Register(Registry);
    }

    public string Root { get; }

    public string WorkRoot => Path.Combine(Root, "work");

    public FolderObjectStore ObjectStore { get; }

    public IResourceStore Store { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 6, 1, 9, 0, 0, TimeSpan.Zero));

    public FakeEndpointModelLoader Loader { get; } = new();

    public EndpointHostingService Service { get; private set; }

    public LocalServiceRegistry Registry { get; } = new();

    public HttpClient? Http { get; private set; }

    public IEndpointAlarmMonitor? Alarms { get; }

    /// <summary>The metrics the host publishes for every invocation.</summary>
    public LocalMetricStore Metrics { get; }

    public EndpointHostingService CreateService(int seed) =>
        new(ObjectStore, Store, Time, NullLoggerFactory.Instance, WorkRoot, Loader, "us-east-1", "123456789012", new Random(seed)) { AlarmMonitor = Alarms, Metrics = Metrics };

    /// <summary>Uploads a model.tar.gz whose label.txt holds <paramref name="label"/> and returns its S3 URI.</summary>
    public async Task<string> UploadModelAsync(string label)
    {
        using var archive = new MemoryStream();
        await using (var gzip = new GZipStream(archive, CompressionLevel.Fastest, leaveOpen: true))
        await using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, "label.txt") { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(label)) };
            await tar.WriteEntryAsync(entry);
        }

        archive.Position = 0;
        var key = $"models/{label}/output/model.tar.gz";
        await ObjectStore.PutObjectAsync(Bucket, key, archive);
        return $"s3://{Bucket}/{key}";
    }

    /// <summary>Creates a model named <paramref name="label"/> from an uploaded archive of the same label.</summary>
    public async Task CreateModelAsync(string label)
    {
        var url = await UploadModelAsync(label);
        await CallAsync("CreateModel", $$"""
            {
              "ModelName": "{{label}}",
              "ExecutionRoleArn": "arn:aws:iam::123456789012:role/sagemaker",
              "PrimaryContainer": { "Image": "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1", "ModelDataUrl": "{{url}}", "Environment": { "LABEL": "{{label}}" } }
            }
            """);
    }

    /// <summary>Creates an endpoint configuration with one variant per (variant, model, weight).</summary>
    public Task<JsonObject> CreateConfigAsync(string name, params (string Variant, string Model, double Weight)[] variants)
    {
        var list = new JsonArray(variants.Select(v => (JsonNode)new JsonObject
        {
            ["VariantName"] = v.Variant,
            ["ModelName"] = v.Model,
            ["InitialInstanceCount"] = 1,
            ["InstanceType"] = "ml.m5.large",
            ["InitialVariantWeight"] = v.Weight,
        }).ToArray());
        return Registry.InvokeAsync("sagemaker", "CreateEndpointConfig", new JsonObject { ["EndpointConfigName"] = name, ["ProductionVariants"] = list });
    }

    /// <summary>Creates a model, a one-variant configuration and an endpoint, and waits until it is InService.</summary>
    public async Task<JsonObject> DeployAsync(string endpoint, string label, string variant = "AllTraffic")
    {
        await CreateModelAsync(label);
        await CreateConfigAsync(label + "-config", (variant, label, 1.0));
        await CallAsync("CreateEndpoint", $$"""{ "EndpointName": "{{endpoint}}", "EndpointConfigName": "{{label}}-config" }""");
        return await Service.WaitForEndpointAsync(endpoint);
    }

    public Task<JsonObject> CallAsync(string operation, string json) =>
        Registry.InvokeAsync("sagemaker", operation, JsonNode.Parse(json)!.AsObject());

    public async Task StartHttpAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.MapSageMakerRuntime(Service);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Http = new HttpClient { BaseAddress = new Uri(address) };
    }

    public async Task<HttpResponseMessage> InvokeAsync(string endpoint, string body, string contentType = "text/csv", string? targetVariant = null, string? accept = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/endpoints/{endpoint}/invocations")
        {
            Content = new StringContent(body, Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        if (targetVariant is not null)
        {
            request.Headers.Add("X-Amzn-SageMaker-Target-Variant", targetVariant);
        }

        if (accept is not null)
        {
            request.Headers.Add("Accept", accept);
        }

        return await Http!.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        await Service.DisposeAsync();
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
