using System.Runtime.InteropServices;

namespace Pipeline.Learning.Internal.XGBoost;

/// <summary>A libxgboost booster: parameters, boosting rounds, evaluation, prediction and model files.</summary>
internal sealed unsafe class Booster : IDisposable
{
    private readonly BoosterHandle _handle;

    private Booster(BoosterHandle handle) => _handle = handle;

    private IntPtr Raw => _handle.DangerousGetHandle();

    /// <summary>Creates a booster that caches predictions for the given matrices (train first).</summary>
    public static Booster Create(IReadOnlyList<DMatrix> cache)
    {
        ArgumentNullException.ThrowIfNull(cache);
        var handles = cache.Select(matrix => matrix.DangerousHandle).ToArray();
        var handle = new BoosterHandle();
        fixed (IntPtr* pointer = handles)
        {
            IntPtr raw;
            XGBoostCall.Check(XGBoostNative.XGBoosterCreate(pointer, (ulong)handles.Length, out raw));
            Marshal.InitHandle(handle, raw);
        }

        return new Booster(handle);
    }

    /// <summary>Loads a model file in any format libxgboost 1.7 reads (binary, JSON, UBJSON).</summary>
    public static Booster Load(string path)
    {
        var booster = Create([]);
        try
        {
            XGBoostCall.Check(XGBoostNative.XGBoosterLoadModel(booster.Raw, path));
        }
        catch
        {
            booster.Dispose();
            throw;
        }

        return booster;
    }

    public void SetParameter(string name, string value) => XGBoostCall.Check(XGBoostNative.XGBoosterSetParam(Raw, name, value));

    public void UpdateOneIteration(int iteration, DMatrix train) =>
        XGBoostCall.Check(XGBoostNative.XGBoosterUpdateOneIter(Raw, iteration, train.DangerousHandle));

    /// <summary>Evaluates the configured metrics; returns libxgboost's line, e.g. "[3]\ttrain-auc:0.99".</summary>
    public string Evaluate(int iteration, IReadOnlyList<DMatrix> matrices, IReadOnlyList<string> names)
    {
        var handles = matrices.Select(matrix => matrix.DangerousHandle).ToArray();
        var namePointers = names.Select(Marshal.StringToCoTaskMemUTF8).ToArray();
        try
        {
            fixed (IntPtr* matrixPointer = handles)
            fixed (IntPtr* namePointer = namePointers)
            {
                XGBoostCall.Check(XGBoostNative.XGBoosterEvalOneIter(Raw, iteration, matrixPointer, namePointer, (ulong)handles.Length, out var result));
                return Marshal.PtrToStringUTF8(result) ?? string.Empty;
            }
        }
        finally
        {
            foreach (var pointer in namePointers)
            {
                Marshal.FreeCoTaskMem(pointer);
            }
        }
    }

    public int BoostedRounds()
    {
        XGBoostCall.Check(XGBoostNative.XGBoosterBoostedRounds(Raw, out var rounds));
        return rounds;
    }

    public long FeatureCount()
    {
        XGBoostCall.Check(XGBoostNative.XGBoosterGetNumFeature(Raw, out var features));
        return (long)features;
    }

    /// <summary>Returns a new booster holding the rounds [begin, end).</summary>
    public Booster Slice(int begin, int end)
    {
        var handle = new BoosterHandle();
        XGBoostCall.Check(XGBoostNative.XGBoosterSlice(Raw, begin, end, 1, out var raw));
        Marshal.InitHandle(handle, raw);
        return new Booster(handle);
    }

    /// <summary>Saves the model; libxgboost 1.7 picks the format from the extension (.json, .ubj, else binary).</summary>
    public void Save(string path) => XGBoostCall.Check(XGBoostNative.XGBoosterSaveModel(Raw, path));

    /// <summary>Returns the booster's JSON configuration (objective, num_class, ...).</summary>
    public string SaveJsonConfig()
    {
        XGBoostCall.Check(XGBoostNative.XGBoosterSaveJsonConfig(Raw, out var length, out var json));
        return Marshal.PtrToStringUTF8(json, checked((int)length));
    }

    /// <summary>Predicts with all trees; returns the values and the output shape (rows, or rows x classes).</summary>
    public (float[] Values, long[] Shape) Predict(DMatrix data) => Predict(data, outputMargin: false);

    /// <summary>Predicts untransformed margins (log-odds for binary:logistic, one score per class for multi:*).</summary>
    public (float[] Values, long[] Shape) PredictMargin(DMatrix data) => Predict(data, outputMargin: true);

    private (float[] Values, long[] Shape) Predict(DMatrix data, bool outputMargin)
    {
        var config = outputMargin
            ? """{"type": 1, "training": false, "iteration_begin": 0, "iteration_end": 0, "strict_shape": false}"""
            : """{"type": 0, "training": false, "iteration_begin": 0, "iteration_end": 0, "strict_shape": false}""";
        XGBoostCall.Check(XGBoostNative.XGBoosterPredictFromDMatrix(Raw, data.DangerousHandle, config, out var shape, out var dimension, out var result));
        var dims = new long[dimension];
        long total = 1;
        for (var i = 0; i < (int)dimension; i++)
        {
            dims[i] = (long)shape[i];
            total *= dims[i];
        }

        var values = new float[total];
        new ReadOnlySpan<float>(result, checked((int)total)).CopyTo(values);
        return (values, dims);
    }

    public void Dispose() => _handle.Dispose();
}
