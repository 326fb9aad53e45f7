using Pipeline.Learning.Inference.Internal;
using Pipeline.Learning.Internal.LightGbm;
using Pipeline.Learning.Internal.XGBoost;

namespace Pipeline.Learning.Inference;

/// <summary>Loads the model of an extracted model.tar.gz.</summary>
public static class InferenceModelLoader
{
    /// <summary>
    /// Loads the model in <paramref name="modelDirectory"/>: a LightGBM "lightgbm-model.txt", else "xgboost-model" when
    /// present, else the first file by name that is not a dotfile, as the SageMaker XGBoost container picks it.
    /// </summary>
    /// <exception cref="InvalidDataException">The directory contains no model file that libxgboost or LightGBM can load.</exception>
    public static IInferenceModel Load(string modelDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelDirectory);
        if (!Directory.Exists(modelDirectory))
        {
            throw new DirectoryNotFoundException($"Model directory '{modelDirectory}' does not exist.");
        }

        var lightGbm = Path.Combine(modelDirectory, LightGbmTrainer.ModelFileName);
        if (File.Exists(lightGbm) && !File.Exists(Path.Combine(modelDirectory, XGBoostTrainer.ModelFileName)))
        {
            try
            {
                return LightGbmInferenceModel.Load(lightGbm);
            }
            catch (LightGbmException exception)
            {
                throw new InvalidDataException($"Model {lightGbm} cannot be loaded by LightGBM: {exception.Message}", exception);
            }
        }

        var preferred = Path.Combine(modelDirectory, XGBoostTrainer.ModelFileName);
        var path = File.Exists(preferred)
            ? preferred
            : Directory.EnumerateFiles(modelDirectory)
                .Where(file => !Path.GetFileName(file).StartsWith('.'))
                .Order(StringComparer.Ordinal)
                .FirstOrDefault();
        if (path is null)
        {
            throw new InvalidDataException($"Model directory '{modelDirectory}' contains no model file. A SageMaker XGBoost model.tar.gz contains the file 'xgboost-model'.");
        }

        try
        {
            return XGBoostInferenceModel.Load(path);
        }
        catch (XGBoostException exception)
        {
            throw new InvalidDataException($"Model {path} cannot be loaded by libxgboost {XGBoostCall.Version()}: {exception.Message}", exception);
        }
    }
}
