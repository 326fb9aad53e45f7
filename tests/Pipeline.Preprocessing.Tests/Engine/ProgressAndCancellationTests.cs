namespace Pipeline.Preprocessing.Tests.Engine;

public sealed class ProgressAndCancellationTests
{
    private sealed class Recorder : IProgress<PreprocessingProgress>
    {
        public List<PreprocessingProgress> Reports { get; } = [];

        public void Report(PreprocessingProgress value)
        {
            lock (Reports)
            {
                Reports.Add(value);
            }
        }
    }

    [Fact]
    public async Task RunAsync_Progress_ReportsBothPassesThenCompleted()
    {
        using var runner = new EngineRunner();
        var recorder = new Recorder();

        await runner.RunAsync("""{ "target": "diagnosis" }""", TestFiles.Data("breast_cancer.csv"), recorder);

        Assert.Contains(recorder.Reports, report => report.Phase == PreprocessingPhase.Profiling);
        Assert.Contains(recorder.Reports, report => report.Phase == PreprocessingPhase.Writing);
        Assert.Equal(PreprocessingPhase.Completed, recorder.Reports[^1].Phase);
        Assert.Equal(1, recorder.Reports[^1].Fraction);
        var fractions = recorder.Reports.Select(report => report.Fraction).ToList();
        Assert.Equal(fractions.Order(), fractions);
    }

    [Fact]
    public async Task RunAsync_CanceledToken_Throws()
    {
        using var runner = new EngineRunner();
        using var source = new CancellationTokenSource();
        await source.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            runner.RunAsync("""{ "target": "diagnosis" }""", TestFiles.Data("breast_cancer.csv"), cancellationToken: source.Token));
    }
}
