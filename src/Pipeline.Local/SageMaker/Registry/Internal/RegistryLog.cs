using Microsoft.Extensions.Logging;

namespace Pipeline.Local;

/// <summary>Log messages of the local SageMaker model registry (event ids 6500-6519).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 6500, Level = LogLevel.Information, Message = "Created model package group {ModelPackageGroupName}")]
    public static partial void ModelPackageGroupCreated(ILogger logger, string modelPackageGroupName);

    [LoggerMessage(EventId = 6501, Level = LogLevel.Information, Message = "Registered model package {ModelPackageArn} with approval status {ModelApprovalStatus}")]
    public static partial void ModelPackageCreated(ILogger logger, string modelPackageArn, string? modelApprovalStatus);

    [LoggerMessage(EventId = 6502, Level = LogLevel.Information, Message = "Changed the approval status of model package {ModelPackageArn} from {PreviousStatus} to {ModelApprovalStatus}")]
    public static partial void ModelPackageApprovalChanged(ILogger logger, string modelPackageArn, string? previousStatus, string modelApprovalStatus);

    [LoggerMessage(EventId = 6503, Level = LogLevel.Information, Message = "Deleted model package {ModelPackageArn}")]
    public static partial void ModelPackageDeleted(ILogger logger, string modelPackageArn);

    [LoggerMessage(EventId = 6504, Level = LogLevel.Information, Message = "Deleted model package group {ModelPackageGroupName}")]
    public static partial void ModelPackageGroupDeleted(ILogger logger, string modelPackageGroupName);
}
