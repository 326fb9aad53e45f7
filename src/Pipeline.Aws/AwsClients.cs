using Microsoft.Extensions.Logging;
using Pipeline.Aws.CloudWatch;
using Pipeline.Aws.Glue;
using Pipeline.Aws.Json;
using Pipeline.Aws.SageMaker;
using Pipeline.Aws.StepFunctions;
using Pipeline.Aws.Storage;

namespace Pipeline.Aws;

/// <summary>
/// The pipeline's AWS clients, configured from one <see cref="AwsEnvironment"/>. Each client is created
/// on first use, so credentials are resolved only for the services a caller touches.
/// </summary>
public sealed class AwsClients : IDisposable
{
    private readonly Lazy<AwsJsonClient> _stepFunctionsJson;
    private readonly Lazy<AwsJsonClient> _sageMakerJson;
    private readonly Lazy<AwsJsonClient> _glueJson;
    private readonly Lazy<AwsJsonClient> _cloudWatchJson;
    private readonly Lazy<S3ObjectStorageClient> _storage;
    private readonly Lazy<IStepFunctionsClient> _stepFunctions;
    private readonly Lazy<ISageMakerClient> _sageMaker;
    private readonly Lazy<IGlueClient> _glue;
    private readonly Lazy<ICloudWatchClient> _cloudWatch;

    /// <param name="environment">The region, endpoint overrides and credentials to use.</param>
    /// <param name="loggerFactory">The logger factory of retries and errors; null logs nothing.</param>
    /// <param name="httpClient">The HTTP client of the JSON-protocol clients; null gives each its own.</param>
    /// <param name="timeProvider">The clock of signatures and backoff; null uses the system clock.</param>
    public AwsClients(AwsEnvironment environment, ILoggerFactory? loggerFactory = null, HttpClient? httpClient = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        Environment = environment;
        _stepFunctionsJson = new(() => AwsJsonClient.Create(AwsService.StepFunctions, environment, loggerFactory, httpClient, timeProvider));
        _sageMakerJson = new(() => AwsJsonClient.Create(AwsService.SageMaker, environment, loggerFactory, httpClient, timeProvider));
        _glueJson = new(() => AwsJsonClient.Create(AwsService.Glue, environment, loggerFactory, httpClient, timeProvider));
        _cloudWatchJson = new(() => AwsJsonClient.Create(AwsService.CloudWatch, environment, loggerFactory, httpClient, timeProvider));
        _storage = new(() => S3ObjectStorageClient.Create(environment, loggerFactory));
        _stepFunctions = new(() => new StepFunctionsClient(_stepFunctionsJson.Value));
        _sageMaker = new(() => new SageMakerClient(_sageMakerJson.Value));
        _glue = new(() => new GlueClient(_glueJson.Value));
        _cloudWatch = new(() => new CloudWatchClient(_cloudWatchJson.Value));
    }

    public AwsEnvironment Environment { get; }

    public IStepFunctionsClient StepFunctions => _stepFunctions.Value;

    public ISageMakerClient SageMaker => _sageMaker.Value;

    public IGlueClient Glue => _glue.Value;

    public ICloudWatchClient CloudWatch => _cloudWatch.Value;

    public IObjectStorageClient Storage => _storage.Value;

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var client in new[] { _stepFunctionsJson, _sageMakerJson, _glueJson, _cloudWatchJson })
        {
            if (client.IsValueCreated)
            {
                client.Value.Dispose();
            }
        }

        if (_storage.IsValueCreated)
        {
            _storage.Value.Dispose();
        }
    }
}
