using System.Runtime.InteropServices;

namespace Pipeline.Learning.Internal.XGBoost;

/// <summary>Raised when a libxgboost call returns a failure code; the message is XGBGetLastError's text.</summary>
internal sealed class XGBoostException(string message) : Exception(message);

/// <summary>Owns a DMatrixHandle and frees it with XGDMatrixFree.</summary>
internal sealed class DMatrixHandle : SafeHandle
{
    public DMatrixHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle() => XGBoostNative.XGDMatrixFree(handle) == 0;
}

/// <summary>Owns a BoosterHandle and frees it with XGBoosterFree.</summary>
internal sealed class BoosterHandle : SafeHandle
{
    public BoosterHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle() => XGBoostNative.XGBoosterFree(handle) == 0;
}

/// <summary>Turns libxgboost return codes into exceptions.</summary>
internal static class XGBoostCall
{
    public static void Check(int returnCode)
    {
        if (returnCode != 0)
        {
            throw new XGBoostException(LastError());
        }
    }

    public static string LastError() => Marshal.PtrToStringUTF8(XGBoostNative.XGBGetLastError()) ?? "unknown libxgboost error";

    /// <summary>Returns the libxgboost version, e.g. "1.7.4".</summary>
    public static string Version()
    {
        XGBoostNative.XGBoostVersion(out var major, out var minor, out var patch);
        return FormattableString.Invariant($"{major}.{minor}.{patch}");
    }
}
