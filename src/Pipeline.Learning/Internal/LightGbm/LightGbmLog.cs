using System.Runtime.InteropServices;

namespace Pipeline.Learning.Internal.LightGbm;

/// <summary>
/// Routes LightGBM's log output to the training job on the calling thread instead of the process's standard
/// output. LightGBM has one process-wide callback, so the sink is per thread.
/// </summary>
internal static unsafe class LightGbmLog
{
    [ThreadStatic]
    private static Action<string>? t_sink;

    private static int s_registered;

    public static IDisposable Capture(Action<string> sink)
    {
        if (Interlocked.Exchange(ref s_registered, 1) == 0)
        {
            LightGbmNative.Check(LightGbmNative.LGBM_RegisterLogCallback(&OnMessage));
        }

        var previous = t_sink;
        t_sink = sink;
        return new Restore(previous);
    }

    [UnmanagedCallersOnly]
    private static void OnMessage(byte* message)
    {
        var text = Marshal.PtrToStringUTF8((IntPtr)message)?.TrimEnd();
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        try
        {
            t_sink?.Invoke(text);
        }
#pragma warning disable CA1031 // An exception must not unwind into LightGBM's native frames.
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
