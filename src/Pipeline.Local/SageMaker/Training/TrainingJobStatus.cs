namespace Pipeline.Local.SageMaker.Training;

/// <summary>The TrainingJobStatus and SecondaryStatus values of SageMaker, with their status messages.</summary>
public static class TrainingJobStatuses
{
    public const string InProgress = "InProgress";
    public const string Completed = "Completed";
    public const string Failed = "Failed";
    public const string Stopping = "Stopping";
    public const string Stopped = "Stopped";

    /// <summary>Returns true for Completed, Failed and Stopped.</summary>
    public static bool IsTerminal(string? status) => status is Completed or Failed or Stopped;

    internal static string MessageOf(string secondaryStatus) => secondaryStatus switch
    {
        "Starting" => "Launching requested ML instances",
        "Downloading" => "Downloading input data",
        "Training" => "Training image download completed. Training in progress.",
        "Uploading" => "Uploading generated training model",
        "Completed" => "Training job completed",
        "Stopping" => "Stopping the training job",
        "Stopped" => "Training job stopped",
        "MaxRuntimeExceeded" => "Training job runtime exceeded MaxRuntimeInSeconds provided",
        _ => "Training job failed",
    };
}
