namespace Pipeline.Learning.Tests.Training;

/// <summary>Bring-your-own algorithms: a local program that follows the SageMaker training container contract.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ProcessAlgorithmTests
{
    private const string Script = """
        #!/usr/bin/python3
        import json, os, sys
        assert sys.argv[1:] == ["train"], sys.argv
        config = os.environ["SM_INPUT_CONFIG_DIR"]
        hyperparameters = json.load(open(os.path.join(config, "hyperparameters.json")))
        channels = json.load(open(os.path.join(config, "inputdataconfig.json")))
        rows = sum(1 for name in os.listdir(os.environ["SM_CHANNEL_TRAIN"]) for _ in open(os.path.join(os.environ["SM_CHANNEL_TRAIN"], name)))
        print("job", os.environ.get("TRAINING_JOB_NAME"), "content", channels["train"]["ContentType"], "rows", rows, "color", os.environ.get("COLOR"))
        if hyperparameters.get("fail") == "yes":
            open(os.path.join(os.environ["SM_OUTPUT_DIR"], "failure"), "w").write("ValueError: the data has no signal")
            sys.exit(2)
        for epoch in range(int(hyperparameters["epochs"])):
            print(f"epoch={epoch} loss={1.0 / (epoch + 1):.4f} accuracy={0.5 + epoch / 10:.2f}", flush=True)
        open(os.path.join(os.environ["SM_MODEL_DIR"], "model.json"), "w").write(json.dumps({"rows": rows}))
        """;

    [Fact]
    public async Task TrainAsync_FileImage_RunsProgramWithContainerContract()
    {
        using var files = new TestFiles();
        var program = WriteProgram(files);
        var data = files.Write("data/train.csv", "1,2\n0,3\n1,4\n");
        var lines = new List<string>();
        var rounds = new List<TrainingRound>();
        var request = files.Request(new Dictionary<string, string> { ["epochs"] = "3" }, TestFiles.Csv("train", data)) with
        {
            TrainingImage = "file://" + program,
            MetricDefinitions = [new MetricDefinition("train:loss", "loss=([0-9.]+)"), new MetricDefinition("train:accuracy", "accuracy=([0-9.]+)")],
            Environment = new Dictionary<string, string> { ["COLOR"] = "blue" },
            TrainingJobName = "byo-1",
        };

        var outcome = await new TrainingEngine().TrainAsync(request, new SynchronousProgress<TrainingRound>(round => { lock (rounds) { rounds.Add(round); } }), line => { lock (lines) { lines.Add(line); } });

        Assert.Contains("job byo-1 content text/csv rows 3 color blue", lines);
        Assert.Equal(3, outcome.RoundsCompleted);
        Assert.Equal(3, rounds.Count);
        Assert.Equal(0.3333, Assert.Single(outcome.FinalMetrics, metric => metric.MetricName == "train:loss").Value, 4);
        Assert.Equal(0.7, Assert.Single(outcome.FinalMetrics, metric => metric.MetricName == "train:accuracy").Value, 4);
        Assert.Equal("{\"rows\": 3}", await File.ReadAllTextAsync(Path.Combine(files.ModelDirectory, "model.json")));
        Assert.True(File.Exists(Path.Combine(files.Root, "work", "opt", "ml", "input", "config", "resourceconfig.json")));
    }

    [Fact]
    public async Task TrainAsync_ProgramFails_ReportsFailureFileAsAlgorithmError()
    {
        using var files = new TestFiles();
        var program = WriteProgram(files);
        var data = files.Write("data/train.csv", "1,2\n");
        var request = files.Request(new Dictionary<string, string> { ["fail"] = "yes" }, TestFiles.Csv("train", data)) with { TrainingImage = "file://" + program };

        var error = await Assert.ThrowsAsync<AlgorithmException>(() => new TrainingEngine().TrainAsync(request));

        Assert.Equal("ValueError: the data has no signal", error.Message);
        Assert.Equal("AlgorithmError", error.FailureType);
    }

    [Fact]
    public async Task TrainAsync_Cancelled_SendsSigtermAndReportsInterrupted()
    {
        using var files = new TestFiles();
        var program = files.Write("sleepy.py", """
            #!/usr/bin/python3
            import signal, sys, time, os
            def stop(signum, frame):
                open(os.path.join(os.environ["SM_MODEL_DIR"], "partial"), "w").write("saved on SIGTERM")
                sys.exit(0)
            signal.signal(signal.SIGTERM, stop)
            print("epoch=0 loss=0.9", flush=True)
            time.sleep(120)
            """);
        File.SetUnixFileMode(program, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        using var cancellation = new CancellationTokenSource();
        var request = files.Request(new Dictionary<string, string>(), TestFiles.Csv("train", files.Write("d.csv", "1,2\n"))) with
        {
            TrainingImage = "file://" + program,
            MetricDefinitions = [new MetricDefinition("loss", "loss=([0-9.]+)")],
        };
        var progress = new SynchronousProgress<TrainingRound>(_ => cancellation.Cancel());

        var outcome = await new TrainingEngine().TrainAsync(request, progress, cancellationToken: cancellation.Token).WaitAsync(TimeSpan.FromMinutes(1));

        Assert.True(outcome.Interrupted);
        Assert.Equal("saved on SIGTERM", await File.ReadAllTextAsync(Path.Combine(files.ModelDirectory, "partial")));
    }

    [Fact]
    public void TrainAsync_MissingProgram_NamesPath()
    {
        using var files = new TestFiles();
        var request = files.Request(new Dictionary<string, string>(), TestFiles.Csv("train", "x.csv")) with { TrainingImage = "file:///no/such/train" };

        var error = Assert.Throws<AlgorithmException>(() => { _ = new TrainingEngine().TrainAsync(request); });

        Assert.Contains("'/no/such/train', which does not exist", error.Message, StringComparison.Ordinal);
    }

    private static string WriteProgram(TestFiles files)
    {
        var program = files.Write("train.py", Script);
        File.SetUnixFileMode(program, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return program;
    }
}
