using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Learning.Internal;
using Pipeline.Learning.Internal.Container;
using Pipeline.Learning.Internal.LightGbm;
using Pipeline.Learning.Internal.XGBoost;

namespace Pipeline.Learning;

/// <summary>
/// Runs a SageMaker built-in algorithm on this machine: picks the algorithm from the training image, trains
/// on the request's channels and writes the model to <see cref="TrainingRequest.ModelDirectory"/> in the
/// layout the SageMaker container writes.
/// </summary>
public sealed class TrainingEngine
{
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;

    public TrainingEngine(ILoggerFactory? loggerFactory = null)
    {
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger<TrainingEngine>();
    }

    /// <summary>
    /// Trains on a background thread. Progress gets each round's metrics; <paramref name="log"/> gets the lines the
    /// algorithm container would print. When <paramref name="cancellationToken"/> fires, training stops after the
    /// current round, the model of the last completed round is saved and the outcome has Interrupted = true.
    /// </summary>
    /// <exception cref="AlgorithmException">The hyperparameters, channels or data are invalid.</exception>
    public Task<TrainingOutcome> TrainAsync(
        TrainingRequest request, IProgress<TrainingRound>? progress = null, Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.ModelDirectory);
        var sink = log ?? (_ => { });
        var algorithm = TrainingImages.Resolve(request.TrainingImage);
        return Task.Factory.StartNew(
            () => Run(algorithm, request, progress, sink, cancellationToken),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
    }

    private TrainingOutcome Run(
        TrainingImage algorithm, TrainingRequest request, IProgress<TrainingRound>? progress, Action<string> log, CancellationToken cancellationToken)
    {
        if (algorithm.VersionWarning is { } requested)
        {
            Log.VersionMismatch(_logger, request.TrainingImage, requested, XGBoostCall.Version());
        }

        Log.TrainingStarted(_logger, algorithm.Name, request.TrainingImage);
        try
        {
            var outcome = algorithm.Kind switch
            {
                AlgorithmKind.XGBoost => new XGBoostTrainer(_logger).Train(request, progress, log, cancellationToken),
                AlgorithmKind.LightGbm => new LightGbmTrainer(_logger).Train(request, algorithm.Regression, progress, log, cancellationToken),
                AlgorithmKind.Process => new ProcessAlgorithm(algorithm.Name).Train(request, progress, log, cancellationToken),
                _ => throw new AlgorithmException($"Training image '{request.TrainingImage}' names an algorithm this build cannot run."),
            };
            Log.TrainingFinished(_logger, outcome.RoundsCompleted, outcome.Interrupted);
            return outcome;
        }
        catch (AlgorithmException exception)
        {
            Log.TrainingFailed(_logger, exception.Message);
            throw;
        }
        catch (XGBoostException exception)
        {
            Log.TrainingFailed(_logger, exception.Message);
            throw new AlgorithmException($"XGB train call failed with exception: {exception.Message}", exception) { FailureType = "AlgorithmError" };
        }
        catch (LightGbmException exception)
        {
            Log.TrainingFailed(_logger, exception.Message);
            throw new AlgorithmException($"LightGBM train call failed with exception: {exception.Message}", exception) { FailureType = "AlgorithmError" };
        }
    }
}
