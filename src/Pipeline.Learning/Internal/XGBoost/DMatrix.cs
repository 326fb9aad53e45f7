using System.Runtime.InteropServices;
using Pipeline.Learning.Internal.Data;

namespace Pipeline.Learning.Internal.XGBoost;

/// <summary>An XGBoost data matrix built from a parsed <see cref="DataSet"/>.</summary>
internal sealed unsafe class DMatrix : IDisposable
{
    private readonly DMatrixHandle _handle;

    private DMatrix(DMatrixHandle handle, long rows, long columns)
    {
        _handle = handle;
        Rows = rows;
        Columns = columns;
    }

    public long Rows { get; }

    public long Columns { get; }

    internal IntPtr DangerousHandle => _handle.DangerousGetHandle();

    /// <summary>Creates a matrix with labels (and weights when present); missing cells are NaN.</summary>
    public static DMatrix Create(DataSet data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var matrix = data.IsSparse ? FromSparse(data.Sparse!, data.ColumnCount) : FromDense(data.Dense!, data.RowCount, data.ColumnCount);
        try
        {
            if (data.Labels is not null)
            {
                matrix.SetFloatInfo("label", data.Labels);
            }

            if (data.Weights is not null)
            {
                matrix.SetFloatInfo("weight", data.Weights);
            }
        }
        catch
        {
            matrix.Dispose();
            throw;
        }

        return matrix;
    }

    /// <summary>Loads a matrix with libxgboost's own file loader, e.g. "data.csv?format=csv&amp;label_column=0".</summary>
    public static DMatrix FromUri(string uri)
    {
        var handle = new DMatrixHandle();
        XGBoostCall.Check(XGBoostNative.XGDMatrixCreateFromFile(uri, 1, out var raw));
        Marshal.InitHandle(handle, raw);
        XGBoostCall.Check(XGBoostNative.XGDMatrixNumRow(raw, out var rows));
        XGBoostCall.Check(XGBoostNative.XGDMatrixNumCol(raw, out var columns));
        return new DMatrix(handle, (long)rows, (long)columns);
    }

    public static DMatrix FromDense(float[] values, long rows, long columns)
    {
        ArgumentNullException.ThrowIfNull(values);
        var handle = new DMatrixHandle();
        fixed (float* pointer = values)
        {
            IntPtr raw;
            XGBoostCall.Check(XGBoostNative.XGDMatrixCreateFromMatParallel(pointer, (ulong)rows, (ulong)columns, float.NaN, out raw, 0));
            Marshal.InitHandle(handle, raw);
        }

        return new DMatrix(handle, rows, columns);
    }

    public static DMatrix FromSparse(SparseRows sparse, int columns)
    {
        ArgumentNullException.ThrowIfNull(sparse);
        var handle = new DMatrixHandle();
        fixed (nuint* rowPointers = sparse.RowPointers)
        fixed (uint* indices = sparse.Indices)
        fixed (float* values = sparse.Values)
        {
            IntPtr raw;
            XGBoostCall.Check(XGBoostNative.XGDMatrixCreateFromCSREx(
                rowPointers, indices, values, (nuint)sparse.RowPointers.Length, (nuint)sparse.Values.Length, (nuint)columns, out raw));
            Marshal.InitHandle(handle, raw);
        }

        return new DMatrix(handle, sparse.RowPointers.Length - 1, columns);
    }

    private void SetFloatInfo(string field, float[] values)
    {
        fixed (float* pointer = values)
        {
            XGBoostCall.Check(XGBoostNative.XGDMatrixSetFloatInfo(_handle.DangerousGetHandle(), field, pointer, (ulong)values.Length));
        }
    }

    public void Dispose() => _handle.Dispose();
}
