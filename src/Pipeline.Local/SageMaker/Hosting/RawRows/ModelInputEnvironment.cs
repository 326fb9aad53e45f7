namespace Pipeline.Local.SageMaker.Hosting.RawRows;

/// <summary>
/// The <c>Environment</c> variables of a model's container (CreateModel's <c>PrimaryContainer.Environment</c>) that
/// choose what rows its endpoint accepts. The retraining state machine sets them, the local host reads them, and on
/// AWS the inference script <c>src/inference/raw_rows.py</c> reads them inside SageMaker's XGBoost container.
/// </summary>
public static class ModelInputEnvironment
{
    /// <summary>The variable that names the input mode: <see cref="RawRows"/> or <see cref="EncodedRows"/> (the default when absent).</summary>
    public const string InputModeVariable = "PIPELINE_INPUT_MODE";

    /// <summary>The variable that contains the S3 URI of the preprocessing run's <c>manifest.json</c>, required for raw rows.</summary>
    public const string ManifestUriVariable = "PIPELINE_MANIFEST_URI";

    /// <summary>
    /// Rows as they appear in the dataset's source file (same delimiter and quoting, no header), with or without the
    /// target column. The endpoint encodes them with the manifest's encodings before prediction.
    /// </summary>
    public const string RawRows = "raw";

    /// <summary>Rows of encoded features, without the label, as the training data was written (the built-in XGBoost contract).</summary>
    public const string EncodedRows = "encoded";

    /// <summary>Returns whether <paramref name="environment"/> selects raw rows.</summary>
    /// <exception cref="InvalidOperationException">The input mode is neither <see cref="RawRows"/> nor <see cref="EncodedRows"/>.</exception>
    public static bool AcceptsRawRows(IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (!environment.TryGetValue(InputModeVariable, out var mode) || mode == EncodedRows)
        {
            return false;
        }

        return mode == RawRows
            ? true
            : throw new InvalidOperationException(
                $"The model's environment sets {InputModeVariable} to '{mode}'. Use '{RawRows}' for rows as in the source file, or '{EncodedRows}' (the default) for rows of encoded features.");
    }
}
