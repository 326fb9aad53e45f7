using BenchmarkDotNet.Running;
using Pipeline.Benchmarks.Learning;

if (args is ["learning-interleaved", .. var rest])
{
    await InterleavedTraining.RunAsync(rest);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
