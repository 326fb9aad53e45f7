// In-process throughput of the preprocessing engine: runs the engine several times in one process and prints the
// CPU and wall time of each run, the time of its two passes and the garbage collections during it, then the medians
// of the runs after the first half (warm-up), so JIT compilation and runtime start-up drop out. Tiered compilation
// optimizes a method after its 30th call, and many run once per run: give at least 60 runs.
// Usage: dotnet run -c Release benchmarks/preprocessing/inprocess/Program.cs -- PATH/TO/flights.csv [RUNS [KEEP]]
// With KEEP, the last run's output stays in that folder (to compare output files between versions). With the
// environment variable READ_TWICE=1, the engine keeps no rows between its passes and reads the file twice, as it
// does for a file too large for memory.
#:project ../../../src/Pipeline.Preprocessing
#:property TreatWarningsAsErrors=false
#:property TieredPGO=false
using System.Diagnostics;
using Pipeline.Preprocessing;

var input = args[0];
var runs = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 7;
var spec = PreprocessingSpec.Parse("""{ "target": "arr_del15", "exclude": ["arr_delay"] }""");
var megabytes = new FileInfo(input).Length / 1e6;
var engine = Environment.GetEnvironmentVariable("READ_TWICE") == "1" ? new PreprocessingEngine { RowCacheBytes = 0 } : new PreprocessingEngine();
var cpu = new List<double>();
var walls = new List<double>();
// The first half of the runs are warm-up: tiered compilation recompiles methods during them, up to about the 30th.
var warmUp = Math.Max(1, runs / 2);
for (var run = 0; run < runs; run++)
{
    var output = Path.Combine(Path.GetTempPath(), $"inprocess-{Environment.ProcessId}-{run}");
    var process = Process.GetCurrentProcess();
    var cpuBefore = process.TotalProcessorTime;
    var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
    var jittedBefore = System.Runtime.JitInfo.GetCompiledMethodCount();
    var pauseBefore = GC.GetTotalPauseDuration();
    var gcBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
    var wall = Stopwatch.StartNew();
    var phases = new PhaseClock(wall);
    await engine.RunAsync(spec, input, output, phases);
    wall.Stop();
    process.Refresh();
    var seconds = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
    var allocated = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / 1e6;
    if (args.Length > 2 && run == runs - 1)
    {
        if (Directory.Exists(args[2]))
        {
            Directory.Delete(args[2], recursive: true);
        }

        Directory.Move(output, args[2]);
    }
    else
    {
        Directory.Delete(output, recursive: true);
    }

    Console.WriteLine($"run {run}: wall {wall.Elapsed.TotalSeconds:F3} s, CPU {seconds:F3} s, {megabytes / seconds:F1} MB/s by CPU, {allocated:F1} MB allocated, GC pause {(GC.GetTotalPauseDuration() - pauseBefore).TotalMilliseconds:F1} ms, {System.Runtime.JitInfo.GetCompiledMethodCount() - jittedBefore} methods compiled, phases {phases}, collections {GC.CollectionCount(0) - gcBefore.Item1}/{GC.CollectionCount(1) - gcBefore.Item2}/{GC.CollectionCount(2) - gcBefore.Item3}");
    if (run >= warmUp)
    {
        cpu.Add(seconds);
        walls.Add(wall.Elapsed.TotalSeconds);
    }
}

cpu.Sort();
walls.Sort();
Console.WriteLine($"median of runs {warmUp} to {runs - 1}: wall {walls[walls.Count / 2]:F3} s = {megabytes / walls[walls.Count / 2]:F1} MB/s, CPU {cpu[cpu.Count / 2]:F3} s = {megabytes / cpu[cpu.Count / 2]:F1} MB/s");

// Records when each phase was last reported, from the run's start: the end of the profiling pass, the start and end
// of the writing pass.
internal sealed class PhaseClock(Stopwatch wall) : IProgress<PreprocessingProgress>
{
    private double _profiled;
    private double _writingStarted = double.NaN;
    private double _written;

    public void Report(PreprocessingProgress value)
    {
        var now = wall.Elapsed.TotalMilliseconds;
        switch (value.Phase)
        {
            case PreprocessingPhase.Profiling:
                _profiled = now;
                break;
            case PreprocessingPhase.Writing:
                if (double.IsNaN(_writingStarted))
                {
                    _writingStarted = now;
                }

                _written = now;
                break;
        }
    }

    public override string ToString() => $"profile {_profiled:F0} ms, plan {_writingStarted - _profiled:F0} ms, write {_written - _writingStarted:F0} ms";
}
