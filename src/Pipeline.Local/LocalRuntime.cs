using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pipeline.Local.CloudWatch;
using Pipeline.Local.Dashboard;
using Pipeline.Local.Events;
using Pipeline.Local.Glue;
using Pipeline.Local.Hosting;
using Pipeline.Local.Lambda;
using Pipeline.Local.Logs;
using Pipeline.Local.Persistence;
using Pipeline.Local.S3;
using Pipeline.Local.SageMaker;
using Pipeline.Local.SageMaker.Hosting;
using Pipeline.Local.SageMaker.Hosting.RawRows;
using Pipeline.Local.SageMaker.Registry;
using Pipeline.Local.SageMaker.Training;
using Pipeline.Local.SageMaker.Tuning;
using Pipeline.Local.Services;
using Pipeline.Local.StepFunctions;
using Pipeline.Local.Storage;
using Pipeline.Local.Template;

namespace Pipeline.Local;

/// <summary>
/// The local cloud that serves a SAM template on one machine: folder buckets with S3 event notifications,
/// in-process Lambda functions, the ASL interpreter, and local Glue and SageMaker. An HTTP host on 127.0.0.1
/// speaks the AWS APIs, so the handlers and the AWS CLI reach the local services as they would reach AWS.
/// </summary>
public sealed partial class LocalRuntime : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly StateDatabase _database;

    private LocalRuntime(
        LocalRuntimeOptions options,
        LocalTemplate template,
        string stateDirectory,
        WebApplication app,
        StateDatabase database,
        Uri endpoint,
        FolderObjectStore objects,
        LocalServiceRegistry services,
        LocalLambdaService lambda,
        S3EventRouter events,
        StepFunctionsService stepFunctions,
        TrainingJobService training,
        GlueJobService glue,
        ModelRegistryService registry,
        EndpointHostingService hosting)
    {
        Options = options;
        Template = template;
        StateDirectory = stateDirectory;
        _app = app;
        _database = database;
        Endpoint = endpoint;
        Objects = objects;
        Services = services;
        Lambda = lambda;
        Events = events;
        StepFunctions = stepFunctions;
        Training = training;
        Glue = glue;
        ModelRegistry = registry;
        Hosting = hosting;
    }

    public LocalRuntimeOptions Options { get; }

    public LocalTemplate Template { get; }

    public string StateDirectory { get; }

    /// <summary>The HTTP host's base address, for example <c>http://127.0.0.1:4566/</c>.</summary>
    public Uri Endpoint { get; }

    public FolderObjectStore Objects { get; }

    public LocalServiceRegistry Services { get; }

    public LocalLambdaService Lambda { get; }

    public S3EventRouter Events { get; }

    public StepFunctionsService StepFunctions { get; }

    public TrainingJobService Training { get; }

    public HyperParameterTuningJobService Tuning { get; private init; } = null!;

    /// <summary>The local CloudWatch Logs: one log group per service, one stream per job (<c>.pipeline/logs</c>).</summary>
    public LogStore Logs { get; private init; } = null!;

    /// <summary>The runtime processes sharing <see cref="StateDirectory"/>, this one included.</summary>
    public RuntimeProcessRegistry Processes { get; private init; } = null!;

    public GlueJobService Glue { get; }

    public ModelRegistryService ModelRegistry { get; }

    public EndpointHostingService Hosting { get; }

    /// <summary>The first bucket of the template, where datasets and their configurations go.</summary>
    public string DataBucket => Template.Buckets.Count > 0
        ? Template.Buckets[0].BucketName
        : throw new TemplateException($"{Template.Path} declares no AWS::S3::Bucket to put data into.");

    public static async Task<LocalRuntime> StartAsync(LocalRuntimeOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid local runtime options: " + string.Join(" ", problems), nameof(options));
        }

        var template = LocalTemplate.Load(options.TemplatePath, options.Environment);
        var stateDirectory = options.ResolveStateDirectory();
        var workRoot = Path.Combine(stateDirectory, "work");
        Directory.CreateDirectory(workRoot);
        var time = options.TimeProvider;
        var loggers = options.LoggerFactory;
        var environment = template.Environment;

        var processes = new RuntimeProcessRegistry(stateDirectory);
        var database = new StateDatabase(Path.Combine(stateDirectory, "state.db"));
        var resources = new SqliteResourceStore(database);
        var objects = new FolderObjectStore(Path.Combine(stateDirectory, "buckets"), time);
        foreach (var bucket in template.Buckets)
        {
            await objects.CreateBucketAsync(bucket.BucketName, cancellationToken).ConfigureAwait(false);
        }

        var services = new LocalServiceRegistry();
        var logs = new LogStore(time, Path.Combine(stateDirectory, "logs"));
        logs.Register(services);
        var training = new TrainingJobService(objects, resources, time, loggers, Path.Combine(workRoot, "training"), environment.Region, environment.AccountId, logs)
        {
            OtherRuntimesAlive = processes.OtherProcessesAlive,
        };
        training.Register(services);
        var tuning = new HyperParameterTuningJobService(training, resources, time, loggers, environment.Region, environment.AccountId)
        {
            OtherRuntimesAlive = processes.OtherProcessesAlive,
        };
        tuning.Register(services);
        var glue = new GlueJobService(objects, resources, time, loggers, Path.Combine(workRoot, "glue"), template.GlueJobs.Select(GlueJobDefinition.FromTemplate))
        {
            OtherRuntimesAlive = processes.OtherProcessesAlive,
        };
        glue.Register(services);
        var registry = new ModelRegistryService(resources, time, loggers, environment.Region, environment.AccountId);
        registry.Register(services);
        // The template's alarms are made after the host, so blue/green rollbacks read them through a late-bound monitor.
        var alarmMonitor = new LateBoundAlarmMonitor();
        var metrics = CreateMetricStore(template, options);
        var hosting = new EndpointHostingService(objects, resources, time, loggers, workRoot, new RawRowModelLoader(new XGBoostEndpointModelLoader(), objects, loggers), environment.Region, environment.AccountId)
        {
            AlarmMonitor = alarmMonitor,
            Metrics = metrics,
        };
        hosting.Register(services);
        await hosting.RestoreEndpointsAsync(cancellationToken).ConfigureAwait(false);

        // The functions need the host's address and the host serves the functions, so the route reads the
        // service through a holder that is filled once the host has its port.
        var lambdaHolder = new LocalLambdaService?[1];
        var (app, endpoint) = await StartHostAsync(options, services, objects, hosting, () => lambdaHolder[0]!, workRoot, environment.Region, loggers, cancellationToken).ConfigureAwait(false);
        var sharedEnvironment = FunctionEnvironment(environment, endpoint);
        var lambda = new LocalLambdaService(template.Functions, sharedEnvironment, time, loggers);
        lambdaHolder[0] = lambda;
        lambda.Register(services);

        var router = new TaskResourceRouter(services, lambda, loggers);
        router.AddSyncJob(
            "sagemaker:createTrainingJob",
            (request, _, token) => training.WaitForCompletionAsync(request["TrainingJobName"]!.GetValue<string>(), token),
            "StopTrainingJob",
            (request, _) => new() { ["TrainingJobName"] = request["TrainingJobName"]!.GetValue<string>() });
        router.AddSyncJob(
            "sagemaker:createHyperParameterTuningJob",
            (request, _, token) => tuning.WaitForCompletionAsync(request["HyperParameterTuningJobName"]!.GetValue<string>(), token),
            "StopHyperParameterTuningJob",
            (request, _) => new() { ["HyperParameterTuningJobName"] = request["HyperParameterTuningJobName"]!.GetValue<string>() });
        router.AddSyncJob(
            "glue:startJobRun",
            (request, response, token) => glue.WaitForCompletionAsync(request["JobName"]!.GetValue<string>(), response["JobRunId"]!.GetValue<string>(), token),
            "BatchStopJobRun",
            (request, response) => new() { ["JobName"] = request["JobName"]!.GetValue<string>(), ["JobRunIds"] = new System.Text.Json.Nodes.JsonArray(response["JobRunId"]!.GetValue<string>()) });

        var stepFunctions = new StepFunctionsService(database, router, environment, time, loggers, new S3MapItemStore(objects));
        foreach (var machine in template.StateMachines)
        {
            stepFunctions.AddStateMachine(machine);
        }

        await stepFunctions.RecoverAsync(processes.OtherProcessesAlive(), cancellationToken).ConfigureAwait(false);
        stepFunctions.Register(services);
        var events = new S3EventRouter(objects, lambda, environment.Region, time, loggers, options.EventRetryDelay);
        var triggers = await CreateTriggersAsync(template, lambda, stepFunctions, resources, services, metrics, options, cancellationToken).ConfigureAwait(false);
        alarmMonitor.Alarms = triggers.Alarms;
        return new LocalRuntime(options, template, stateDirectory, app, database, endpoint, objects, services, lambda, events, stepFunctions, training, glue, registry, hosting)
        {
            Tuning = tuning,
            Logs = logs,
            Processes = processes,
            Triggers = triggers,
        };
    }

    public async ValueTask DisposeAsync()
    {
        await StopTriggersAsync().ConfigureAwait(false);
        await StepFunctions.DisposeAsync().ConfigureAwait(false);
        Tuning.Dispose();
        Training.Dispose();
        await Glue.DisposeAsync().ConfigureAwait(false);
        await Hosting.DisposeAsync().ConfigureAwait(false);
        ModelRegistry.Dispose();
        Processes.Dispose();
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _database.Dispose();
    }

    /// <summary>The variables every local function gets: the Region, placeholder credentials and the endpoint overrides.</summary>
    private static Dictionary<string, string> FunctionEnvironment(DeploymentEnvironment environment, Uri endpoint)
    {
        var baseUrl = endpoint.ToString().TrimEnd('/');
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["AWS_REGION"] = environment.Region,
            ["AWS_DEFAULT_REGION"] = environment.Region,
            ["AWS_ACCESS_KEY_ID"] = "test",
            ["AWS_SECRET_ACCESS_KEY"] = "test",
            ["AWS_ENDPOINT_URL"] = baseUrl,
            ["AWS_ENDPOINT_URL_S3"] = baseUrl + "/s3",
        };
    }

    private static async Task<(WebApplication App, Uri Endpoint)> StartHostAsync(
        LocalRuntimeOptions options,
        LocalServiceRegistry services,
        IObjectStore objects,
        EndpointHostingService hosting,
        Func<LocalLambdaService> lambda,
        string workRoot,
        string region,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();

        // The runtime is stopped by its owner (the CLI's Ctrl+C handling, a test's DisposeAsync), so the host must
        // not install its own console lifetime, which would swallow SIGINT and SIGTERM.
        builder.Services.AddSingleton<Microsoft.Extensions.Hosting.IHostLifetime, OwnerControlledLifetime>();
        builder.Services.AddSingleton(loggers);
        builder.WebHost.UseUrls(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{options.Port}"));
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = 5L * 1024 * 1024 * 1024);
        var app = builder.Build();
        var logger = loggers.CreateLogger<LocalRuntime>();
        app.MapAwsJsonProtocol(services, logger);
        app.MapSageMakerRuntime(hosting);
        app.MapS3Api(objects, new S3ApiOptions { MultipartFolder = Path.Combine(workRoot, "multipart"), Region = region });
        app.MapLambdaInvoke(lambda);
        app.MapDashboard();
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var endpoint = new Uri(address.EndsWith('/') ? address : address + "/");
        Log.HostListening(logger, endpoint.ToString());
        return (app, endpoint);
    }
}

/// <summary>A host lifetime that leaves start and stop to the code that owns the runtime.</summary>
internal sealed class OwnerControlledLifetime : Microsoft.Extensions.Hosting.IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
