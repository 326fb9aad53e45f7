using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Pipeline.Learning.Tuning;

namespace Pipeline.Local.SageMaker.Tuning;

/// <summary>The in-process state of a running tuning job.</summary>
internal sealed class RunningTuningJob(TuningJobRequest request) : IDisposable
{
    public TuningJobRequest Request { get; } = request;

    public CancellationTokenSource Stop { get; } = new();

    public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Training jobs of this tuning job that are running, by name.</summary>
    public ConcurrentDictionary<string, bool> RunningTrials { get; } = new(StringComparer.Ordinal);

    /// <summary>Objective value after each round of finished trials, for the median stopping rule.</summary>
    public ConcurrentBag<IReadOnlyList<double>> FinishedCurves { get; } = [];

    /// <summary>Best objective so far, per round, of running trials.</summary>
    public ConcurrentDictionary<string, List<double>> RunningCurves { get; } = new(StringComparer.Ordinal);

    /// <summary>The latest evaluation of the completion criteria over this job's scored trials.</summary>
    public CompletionState? CompletionState { get; set; }

    /// <summary>Whether a completion criterion has held, so the job launches no more trials.</summary>
    public bool CompletionCriteriaMet { get; set; }

    /// <summary>When the convergence rule first held, in epoch seconds; null until then.</summary>
    public decimal? ConvergenceDetectedTime { get; set; }

    /// <summary>Each warm-start parent's best training job (its OverallBestTrainingJob, else its BestTrainingJob).</summary>
    public List<JsonObject> ParentBestTrainingJobs { get; } = [];

    /// <summary>The scored trials of the warm-start parents that lie inside this job's ranges; they seed the Bayesian strategy.</summary>
    public List<TrialResult> ParentResults { get; } = [];

    public void Dispose() => Stop.Dispose();
}
