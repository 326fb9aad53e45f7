using System.Runtime.InteropServices;

namespace Pipeline.Learning.Internal.LightGbm;

/// <summary>A LightGBM booster with its training and validation datasets.</summary>
internal sealed unsafe class LightGbmBooster : IDisposable
{
    private readonly LightGbmBoosterHandle _booster;
    private readonly List<LightGbmDatasetHandle> _datasets;

    private LightGbmBooster(LightGbmBoosterHandle booster, List<LightGbmDatasetHandle> datasets)
    {
        _booster = booster;
        _datasets = datasets;
    }

    private IntPtr Raw => _booster.DangerousGetHandle();

    /// <summary>Creates datasets from dense row-major features and a booster with the parameter string ("key=value ...").</summary>
    public static LightGbmBooster Create(string parameters, (float[] Features, float[] Labels, int Rows, int Columns) train, (float[] Features, float[] Labels, int Rows, int Columns)? validation)
    {
        var datasets = new List<LightGbmDatasetHandle>();
        try
        {
            var trainSet = CreateDataset(train, parameters, IntPtr.Zero);
            datasets.Add(trainSet);
            if (validation is { } valid)
            {
                datasets.Add(CreateDataset(valid, parameters, trainSet.DangerousGetHandle()));
            }

            var booster = new LightGbmBoosterHandle();
            LightGbmNative.Check(LightGbmNative.LGBM_BoosterCreate(trainSet.DangerousGetHandle(), parameters, out var raw));
            Marshal.InitHandle(booster, raw);
            if (datasets.Count > 1)
            {
                LightGbmNative.Check(LightGbmNative.LGBM_BoosterAddValidData(raw, datasets[1].DangerousGetHandle()));
            }

            return new LightGbmBooster(booster, datasets);
        }
        catch
        {
            datasets.ForEach(dataset => dataset.Dispose());
            throw;
        }
    }

    public static LightGbmBooster Load(string path)
    {
        var booster = new LightGbmBoosterHandle();
        LightGbmNative.Check(LightGbmNative.LGBM_BoosterCreateFromModelfile(path, out _, out var raw));
        Marshal.InitHandle(booster, raw);
        return new LightGbmBooster(booster, []);
    }

    /// <summary>Runs one boosting round; returns false when LightGBM cannot split any further.</summary>
    public bool UpdateOneIteration()
    {
        LightGbmNative.Check(LightGbmNative.LGBM_BoosterUpdateOneIter(Raw, out var finished));
        return finished == 0;
    }

    public IReadOnlyList<string> EvalNames()
    {
        LightGbmNative.Check(LightGbmNative.LGBM_BoosterGetEvalCounts(Raw, out var count));
        const int bufferLength = 128;
        var buffers = new IntPtr[count];
        try
        {
            for (var i = 0; i < count; i++)
            {
                buffers[i] = Marshal.AllocHGlobal(bufferLength);
            }

            fixed (IntPtr* pointers = buffers)
            {
                LightGbmNative.Check(LightGbmNative.LGBM_BoosterGetEvalNames(Raw, count, out var written, bufferLength, out _, pointers));
                return buffers.Take(written).Select(pointer => Marshal.PtrToStringUTF8(pointer) ?? string.Empty).ToList();
            }
        }
        finally
        {
            foreach (var buffer in buffers.Where(buffer => buffer != IntPtr.Zero))
            {
                Marshal.FreeHGlobal(buffer);
            }
        }
    }

    /// <summary>Evaluates the metrics on a dataset: 0 is the training data, 1 the validation data.</summary>
    public double[] Evaluate(int dataIndex, int metricCount)
    {
        var results = new double[metricCount];
        fixed (double* pointer = results)
        {
            LightGbmNative.Check(LightGbmNative.LGBM_BoosterGetEval(Raw, dataIndex, out _, pointer));
        }

        return results;
    }

    public void Save(string path, int iterations) => LightGbmNative.Check(LightGbmNative.LGBM_BoosterSaveModel(Raw, 0, iterations, 0, path));

    public int ClassCount()
    {
        LightGbmNative.Check(LightGbmNative.LGBM_BoosterGetNumClasses(Raw, out var classes));
        return classes;
    }

    public int FeatureCount()
    {
        LightGbmNative.Check(LightGbmNative.LGBM_BoosterGetNumFeature(Raw, out var features));
        return features;
    }

    /// <summary>Predicts dense row-major rows; returns rows x ClassCount values (probabilities for classification).</summary>
    public double[] Predict(float[] features, int rows, int columns)
    {
        LightGbmNative.Check(LightGbmNative.LGBM_BoosterCalcNumPredict(Raw, rows, LightGbmNative.PredictNormal, 0, -1, out var length));
        var result = new double[length];
        fixed (float* data = features)
        fixed (double* output = result)
        {
            LightGbmNative.Check(LightGbmNative.LGBM_BoosterPredictForMat(
                Raw, data, LightGbmNative.Float32, rows, columns, 1, LightGbmNative.PredictNormal, 0, -1, string.Empty, out _, output));
        }

        return result;
    }

    public void Dispose()
    {
        _booster.Dispose();
        _datasets.ForEach(dataset => dataset.Dispose());
    }

    private static LightGbmDatasetHandle CreateDataset((float[] Features, float[] Labels, int Rows, int Columns) data, string parameters, IntPtr reference)
    {
        var handle = new LightGbmDatasetHandle();
        fixed (float* features = data.Features)
        {
            LightGbmNative.Check(LightGbmNative.LGBM_DatasetCreateFromMat(
                features, LightGbmNative.Float32, data.Rows, data.Columns, 1, parameters, reference, out var raw));
            Marshal.InitHandle(handle, raw);
        }

        fixed (float* labels = data.Labels)
        {
            LightGbmNative.Check(LightGbmNative.LGBM_DatasetSetField(handle.DangerousGetHandle(), "label", labels, data.Labels.Length, LightGbmNative.Float32));
        }

        return handle;
    }
}
