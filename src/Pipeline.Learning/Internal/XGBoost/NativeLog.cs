using System.Runtime.InteropServices;

namespace Pipeline.Learning.Internal.XGBoost;

/// <summary>
/// Routes libxgboost's console messages (warnings, verbosity output) to the training job that runs on
/// the calling thread. libxgboost has one process-wide callback, so the sink is per thread.
/// </summary>
internal static unsafe class NativeLog
{
    [ThreadStatic]
    private static Action<string>? t_sink;

    private static int s_registered;

    public static IDisposable Capture(Action<string> sink)
    {
        if (Interlocked.Exchange(ref s_registered, 1) == 0)
        {
            XGBoostCall.Check(XGBoostNative.XGBRegisterLogCallback(&OnMessage));
        }

        var previous = t_sink;
        t_sink = sink;
        return new Restore(previous);
    }

    [UnmanagedCallersOnly]
    private static void OnMessage(byte* message)
    {
        var text = Marshal.PtrToStringUTF8((IntPtr)message);
        if (text is null)
        {
            return;
        }

        try
        {
            t_sink?.Invoke(text.TrimEnd());
        }
#pragma warning disable CA1031 // An exception must not unwind into libxgboost's native frames.
        catch (Exception)
#pragma warning restore CA1031
        {
            // A failing log sink loses this one message and nothing else.
        }
    }

    private sealed class Restore(Action<string>? previous) : IDisposable
    {
        public void Dispose() => t_sink = previous;
    }
}
