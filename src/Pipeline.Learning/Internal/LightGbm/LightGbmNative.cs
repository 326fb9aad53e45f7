using System.Runtime.InteropServices;

namespace Pipeline.Learning.Internal.LightGbm;

/// <summary>P/Invoke bindings for the LightGBM 4 C API in lib_lightgbm (shipped by the LightGBM NuGet package).</summary>
internal static unsafe partial class LightGbmNative
{
    public const int Float32 = 0;
    public const int Float64 = 1;
    public const int PredictNormal = 0;

    private const string Library = "lib_lightgbm";

    [LibraryImport(Library)]
    internal static partial IntPtr LGBM_GetLastError();

    [LibraryImport(Library)]
    internal static partial int LGBM_RegisterLogCallback(delegate* unmanaged<byte*, void> callback);

    [LibraryImport(Library)]
    internal static partial int LGBM_DatasetCreateFromMat(
        float* data, int dataType, int rows, int columns, int isRowMajor, [MarshalAs(UnmanagedType.LPUTF8Str)] string parameters, IntPtr reference, out IntPtr dataset);

    [LibraryImport(Library)]
    internal static partial int LGBM_DatasetSetField(IntPtr dataset, [MarshalAs(UnmanagedType.LPUTF8Str)] string field, float* data, int count, int type);

    [LibraryImport(Library)]
    internal static partial int LGBM_DatasetFree(IntPtr dataset);

    [LibraryImport(Library)]
    internal static partial int LGBM_BoosterCreate(IntPtr train, [MarshalAs(UnmanagedType.LPUTF8Str)] string parameters, out IntPtr booster);

    [LibraryImport(Library)]
    internal static partial int LGBM_BoosterCreateFromModelfile([MarshalAs(UnmanagedType.LPUTF8Str)] string fileName, out int iterations, out IntPtr booster);

    [LibraryImport(Library)]
    internal static partial int LGBM_BoosterAddValidData(IntPtr booster, IntPtr validation);

    [LibraryImport(Library)]
    internal static partial int LGBM_BoosterUpdateOneIter(IntPtr booster, out int isFinished);

    [LibraryImport(Library)]
    internal static partial int LGBM_BoosterGetEvalCounts(IntPtr booster, out int count);

    [LibraryImport(Library)]
    internal static partial int LGBM_BoosterGetEvalNames(IntPtr booster, int length, out int count, nuint bufferLength, out nuint requiredLength, IntPtr* names);

    [LibraryImport(Library)]
    internal static partial int LGBM_BoosterGetEval(IntPtr booster, int dataIndex, out int count, double* results);

    [LibraryImport(Library)]
    internal static partial int LGBM_BoosterSaveModel(IntPtr booster, int startIteration, int iterations, int featureImportanceType, [MarshalAs(UnmanagedType.LPUTF8Str)] string fileName);

    [LibraryImport(Library)]
    internal static partial int LGBM_BoosterGetNumClasses(IntPtr booster, out int classes);

    [LibraryImport(Library)]
    internal static partial int LGBM_BoosterGetNumFeature(IntPtr booster, out int features);

    [LibraryImport(Library)]
    internal static partial int LGBM_BoosterCalcNumPredict(IntPtr booster, int rows, int predictType, int startIteration, int iterations, out long length);

    [LibraryImport(Library)]
    internal static partial int LGBM_BoosterPredictForMat(
        IntPtr booster, float* data, int dataType, int rows, int columns, int isRowMajor, int predictType, int startIteration, int iterations,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string parameters, out long length, double* result);

    [LibraryImport(Library)]
    internal static partial int LGBM_BoosterFree(IntPtr booster);

    public static void Check(int returnCode)
    {
        if (returnCode != 0)
        {
            throw new LightGbmException(Marshal.PtrToStringUTF8(LGBM_GetLastError()) ?? "unknown LightGBM error");
        }
    }
}

/// <summary>Raised when a LightGBM call fails; the message is LGBM_GetLastError's text.</summary>
internal sealed class LightGbmException(string message) : Exception(message);

/// <summary>Owns a LightGBM DatasetHandle.</summary>
internal sealed class LightGbmDatasetHandle : SafeHandle
{
    public LightGbmDatasetHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle() => LightGbmNative.LGBM_DatasetFree(handle) == 0;
}

/// <summary>Owns a LightGBM BoosterHandle.</summary>
internal sealed class LightGbmBoosterHandle : SafeHandle
{
    public LightGbmBoosterHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle() => LightGbmNative.LGBM_BoosterFree(handle) == 0;
}
