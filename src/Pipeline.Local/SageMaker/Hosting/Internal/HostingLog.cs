using Microsoft.Extensions.Logging;

namespace Pipeline.Local;

/// <summary>Log messages of the local SageMaker endpoints (event ids 6520-6549).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 6520, Level = LogLevel.Information, Message = "Deploying endpoint {EndpointName} with endpoint configuration {EndpointConfigName}")]
    public static partial void EndpointDeploying(ILogger logger, string endpointName, string endpointConfigName);

    [LoggerMessage(EventId = 6521, Level = LogLevel.Information, Message = "Endpoint {EndpointName} is InService with endpoint configuration {EndpointConfigName}")]
    public static partial void EndpointInService(ILogger logger, string endpointName, string endpointConfigName);

    [LoggerMessage(EventId = 6522, Level = LogLevel.Error, Message = "Deploying endpoint configuration {EndpointConfigName} to endpoint {EndpointName} failed: {FailureReason}")]
    public static partial void EndpointDeploymentFailed(ILogger logger, Exception exception, string endpointName, string endpointConfigName, string failureReason);

    [LoggerMessage(EventId = 6523, Level = LogLevel.Warning, Message = "Endpoint {EndpointName} rolled back to endpoint configuration {EndpointConfigName}")]
    public static partial void EndpointRolledBack(ILogger logger, string endpointName, string endpointConfigName);

    [LoggerMessage(EventId = 6524, Level = LogLevel.Information, Message = "Deleted endpoint {EndpointName}")]
    public static partial void EndpointDeleted(ILogger logger, string endpointName);

    [LoggerMessage(EventId = 6525, Level = LogLevel.Warning, Message = "Variant {VariantName} of endpoint {EndpointName} returned a model error: {ErrorMessage}")]
    public static partial void EndpointModelError(ILogger logger, string endpointName, string variantName, string errorMessage);

    [LoggerMessage(EventId = 6526, Level = LogLevel.Error, Message = "Variant {VariantName} of endpoint {EndpointName} failed while serving a request")]
    public static partial void EndpointModelFailed(ILogger logger, Exception exception, string endpointName, string variantName);

    [LoggerMessage(EventId = 6527, Level = LogLevel.Warning, Message = "Releasing a model of endpoint {EndpointName} failed")]
    public static partial void EndpointModelReleaseFailed(ILogger logger, Exception exception, string endpointName);

    [LoggerMessage(EventId = 6528, Level = LogLevel.Information, Message = "Changed the weights and capacities of endpoint {EndpointName}")]
    public static partial void EndpointWeightsUpdated(ILogger logger, string endpointName);

    [LoggerMessage(EventId = 6529, Level = LogLevel.Information, Message = "Endpoint {EndpointName} sends {GreenPercent}% of traffic to the new endpoint configuration")]
    public static partial void EndpointTrafficShifted(ILogger logger, string endpointName, double greenPercent);

    [LoggerMessage(EventId = 6530, Level = LogLevel.Warning, Message = "Endpoint {EndpointName} is updated with auto-rollback alarms {AlarmNames}, but no alarm monitor is configured, so the alarms are not watched")]
    public static partial void EndpointAlarmsNotWatched(ILogger logger, string endpointName, string alarmNames);

    [LoggerMessage(EventId = 6531, Level = LogLevel.Information, Message = "Endpoint {EndpointName} moves to endpoint configuration {EndpointConfigName}, which another runtime process deployed")]
    public static partial void EndpointFollowedStore(ILogger logger, string endpointName, string endpointConfigName);

    [LoggerMessage(EventId = 6540, Level = LogLevel.Information, Message = "Model accepts raw rows of {ColumnCount} columns and encodes them into {FeatureCount} features with the manifest {ManifestUri}")]
    public static partial void EndpointModelAcceptsRawRows(ILogger logger, string manifestUri, int columnCount, int featureCount);
}
