using System.Reflection;
using System.Runtime.InteropServices;

namespace Pipeline.Learning.Internal.XGBoost;

/// <summary>P/Invoke bindings for the parts of the libxgboost 1.7 C API that training and inference use.</summary>
internal static unsafe partial class XGBoostNative
{
    private const string Library = "xgboost";

    static XGBoostNative()
    {
        // Debian's runtime package ships only libxgboost.so.0; the unversioned name comes with -dev.
        NativeLibrary.SetDllImportResolver(typeof(XGBoostNative).Assembly, Resolve);
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != Library)
        {
            return IntPtr.Zero;
        }

        foreach (var candidate in new[] { "libxgboost.so.0", "libxgboost.so", "xgboost" })
        {
            if (NativeLibrary.TryLoad(candidate, assembly, searchPath, out var handle))
            {
                return handle;
            }
        }

        return IntPtr.Zero;
    }

    [LibraryImport(Library)]
    internal static partial void XGBoostVersion(out int major, out int minor, out int patch);

    [LibraryImport(Library)]
    internal static partial IntPtr XGBGetLastError();

    [LibraryImport(Library)]
    internal static partial int XGBRegisterLogCallback(delegate* unmanaged<byte*, void> callback);

    [LibraryImport(Library)]
    internal static partial int XGDMatrixCreateFromFile([MarshalAs(UnmanagedType.LPUTF8Str)] string uri, int silent, out IntPtr handle);

    [LibraryImport(Library)]
    internal static partial int XGDMatrixCreateFromMat(float* data, ulong rows, ulong columns, float missing, out IntPtr handle);

    [LibraryImport(Library, EntryPoint = "XGDMatrixCreateFromMat_omp")]
    internal static partial int XGDMatrixCreateFromMatParallel(float* data, ulong rows, ulong columns, float missing, out IntPtr handle, int threads);

    [LibraryImport(Library)]
    internal static partial int XGDMatrixCreateFromCSREx(
        nuint* rowPointers, uint* indices, float* data, nuint rowPointerCount, nuint elementCount, nuint columnCount, out IntPtr handle);

    [LibraryImport(Library)]
    internal static partial int XGDMatrixSetFloatInfo(IntPtr handle, [MarshalAs(UnmanagedType.LPUTF8Str)] string field, float* values, ulong length);

    [LibraryImport(Library)]
    internal static partial int XGDMatrixNumRow(IntPtr handle, out ulong rows);

    [LibraryImport(Library)]
    internal static partial int XGDMatrixNumCol(IntPtr handle, out ulong columns);

    [LibraryImport(Library)]
    internal static partial int XGDMatrixFree(IntPtr handle);

    [LibraryImport(Library)]
    internal static partial int XGBoosterCreate(IntPtr* matrices, ulong length, out IntPtr handle);

    [LibraryImport(Library)]
    internal static partial int XGBoosterFree(IntPtr handle);

    [LibraryImport(Library)]
    internal static partial int XGBoosterSetParam(
        IntPtr handle, [MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value);

    [LibraryImport(Library)]
    internal static partial int XGBoosterUpdateOneIter(IntPtr handle, int iteration, IntPtr trainMatrix);

    [LibraryImport(Library)]
    internal static partial int XGBoosterEvalOneIter(IntPtr handle, int iteration, IntPtr* matrices, IntPtr* names, ulong length, out IntPtr result);

    [LibraryImport(Library)]
    internal static partial int XGBoosterSlice(IntPtr handle, int beginLayer, int endLayer, int step, out IntPtr sliced);

    [LibraryImport(Library)]
    internal static partial int XGBoosterBoostedRounds(IntPtr handle, out int rounds);

    [LibraryImport(Library)]
    internal static partial int XGBoosterGetNumFeature(IntPtr handle, out ulong features);

    [LibraryImport(Library)]
    internal static partial int XGBoosterSaveModel(IntPtr handle, [MarshalAs(UnmanagedType.LPUTF8Str)] string fileName);

    [LibraryImport(Library)]
    internal static partial int XGBoosterLoadModel(IntPtr handle, [MarshalAs(UnmanagedType.LPUTF8Str)] string fileName);

    [LibraryImport(Library)]
    internal static partial int XGBoosterSaveJsonConfig(IntPtr handle, out ulong length, out IntPtr json);

    [LibraryImport(Library)]
    internal static partial int XGBoosterPredictFromDMatrix(
        IntPtr handle, IntPtr matrix, [MarshalAs(UnmanagedType.LPUTF8Str)] string config, out ulong* shape, out ulong dimension, out float* result);
}
