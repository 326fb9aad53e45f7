using BenchmarkDotNet.Attributes;
using Pipeline.Learning.Internal.Data;
using Pipeline.Learning.Internal.XGBoost;

namespace Pipeline.Benchmarks.Learning;

/// <summary>
/// Loading training data into an XGBoost DMatrix: the project's CSV and LIBSVM readers against libxgboost's own
/// URI loader, on the digits rows repeated to about 21 MB of CSV. MB/s = file size / mean time.
/// </summary>
[MemoryDiagnoser]
public class DataLoadingBenchmarks
{
    private string _csv = string.Empty;
    private string _libsvm = string.Empty;

    [GlobalSetup]
    public void Setup() => (_csv, _libsvm) = BenchmarkData.Repeated(100);

    [Benchmark(Baseline = true)]
    public long Csv_LibXGBoostLoader()
    {
        using var matrix = DMatrix.FromUri(_csv + "?format=csv&label_column=0");
        return matrix.Rows;
    }

    [Benchmark]
    public long Csv_ProjectReader()
    {
        var data = CsvDataReader.Read("train", [_csv], "None", hasWeights: false);
        using var matrix = DMatrix.Create(data);
        return matrix.Rows;
    }

    [Benchmark]
    public long LibSvm_LibXGBoostLoader()
    {
        using var matrix = DMatrix.FromUri(_libsvm + "?format=libsvm&indexing_mode=1");
        return matrix.Rows;
    }

    [Benchmark]
    public long LibSvm_ProjectReader()
    {
        var data = LibSvmDataReader.Read("train", [_libsvm], "None");
        LibSvmDataReader.ShiftToZeroBased(data);
        data.ResizeColumns(data.ColumnCount - 1);
        using var matrix = DMatrix.Create(data);
        return matrix.Rows;
    }
}
