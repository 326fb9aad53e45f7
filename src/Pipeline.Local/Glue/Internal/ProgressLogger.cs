using Microsoft.Extensions.Logging;
using Pipeline.Preprocessing;

namespace Pipeline.Local.Glue.Internal;

/// <summary>Logs the engine's progress once per 10 % step, so long runs show they are alive without flooding the log.</summary>
internal sealed class ProgressLogger(ILogger logger, string jobName, string runId) : IProgress<PreprocessingProgress>
{
    private int _lastStep = -1;

    public void Report(PreprocessingProgress value)
    {
        var step = (int)(value.Fraction * 10);
        if (Interlocked.Exchange(ref _lastStep, step) != step)
        {
            GlueLog.RunProgress(logger, jobName, runId, value.Phase.ToString(), step * 10);
        }
    }
}
