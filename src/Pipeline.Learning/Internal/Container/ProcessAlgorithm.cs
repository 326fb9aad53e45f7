using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Pipeline.Learning.Internal.Container;

/// <summary>
/// Runs a bring-your-own algorithm as a local program the way SageMaker runs a training container: the program gets
/// the argument "train", the /opt/ml tree of <see cref="ContainerLayout"/> and the SM_* variables of the SageMaker
/// training toolkit; its standard output and error are the job's log, MetricDefinitions read metrics from that log,
/// a non-zero exit fails the job with the text of output/failure, and a stop sends SIGTERM, then SIGKILL after 120 s.
/// </summary>
internal sealed partial class ProcessAlgorithm(string program)
{
    private static readonly TimeSpan StopGracePeriod = TimeSpan.FromSeconds(120);

    public TrainingOutcome Train(TrainingRequest request, IProgress<TrainingRound>? progress, Action<string> log, CancellationToken cancellationToken)
    {
        var layout = ContainerLayout.Create(request);
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = request.WorkDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("train");
        foreach (var (name, value) in Environment(request, layout))
        {
            start.Environment[name] = value;
        }

        var metrics = new MetricReader(request.MetricDefinitions, progress);
        void OnLine(object sender, DataReceivedEventArgs line)
        {
            if (line.Data is null)
            {
                return;
            }

            lock (metrics)
            {
                log(line.Data);
                metrics.Read(line.Data);
            }
        }

        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += OnLine;
        process.ErrorDataReceived += OnLine;
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new AlgorithmException($"The training program '{program}' could not be started ({exception.Message}). Make sure it is executable (chmod +x) and has a valid #! line.", exception);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        // The grace period runs off the thread that cancels, so StopTrainingJob returns at once.
        using (cancellationToken.Register(() => Task.Run(() => Terminate(process))))
        {
            process.WaitForExit();
        }

        lock (metrics)
        {
            var stopped = cancellationToken.IsCancellationRequested;
            if (process.ExitCode != 0 && !stopped)
            {
                var failure = File.Exists(layout.FailureFile) ? File.ReadAllText(layout.FailureFile).Trim() : string.Empty;
                throw new AlgorithmException(failure.Length > 0
                    ? failure[..Math.Min(failure.Length, 1024)]
                    : $"The training program exited with code {process.ExitCode} and wrote no failure reason to /opt/ml/output/failure. Check the job's log.")
                {
                    FailureType = "AlgorithmError",
                };
            }

            return new TrainingOutcome(metrics.Final(), metrics.Reports, stopped);
        }
    }

    private static Dictionary<string, string> Environment(TrainingRequest request, ContainerLayout layout)
    {
        var hyperParameters = new JsonObject();
        foreach (var (name, value) in request.HyperParameters)
        {
            hyperParameters[name] = value;
        }

        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["SM_MODEL_DIR"] = Path.GetFullPath(request.ModelDirectory),
            ["SM_INPUT_DIR"] = layout.InputDirectory,
            ["SM_INPUT_CONFIG_DIR"] = layout.ConfigDirectory,
            ["SM_INPUT_DATA_CONFIG"] = File.ReadAllText(Path.Combine(layout.ConfigDirectory, "inputdataconfig.json")),
            ["SM_OUTPUT_DIR"] = layout.OutputDirectory,
            ["SM_OUTPUT_DATA_DIR"] = layout.OutputDataDirectory,
            ["SM_CHANNELS"] = new JsonArray(request.Channels.Select(channel => (JsonNode)JsonValue.Create(channel.Name)!).ToArray()).ToJsonString(),
            ["SM_HPS"] = hyperParameters.ToJsonString(),
            ["SM_HOSTS"] = "[\"algo-1\"]",
            ["SM_CURRENT_HOST"] = "algo-1",
            ["SM_NUM_CPUS"] = System.Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture),
            ["SM_NUM_GPUS"] = "0",
        };
        foreach (var channel in request.Channels)
        {
            variables["SM_CHANNEL_" + channel.Name.ToUpperInvariant()] = layout.ChannelDirectory(channel.Name);
        }

        foreach (var (name, value) in request.HyperParameters)
        {
            variables["SM_HP_" + name.ToUpperInvariant()] = value;
        }

        if (request.TrainingJobName is { } jobName)
        {
            variables["TRAINING_JOB_NAME"] = jobName;
        }

        foreach (var (name, value) in request.Environment)
        {
            variables[name] = value;
        }

        return variables;
    }

    private static void Terminate(Process process)
    {
        try
        {
            if (process.HasExited)
            {
                return;
            }

            _ = SendSignal(process.Id, 15);
            if (!process.WaitForExit(StopGracePeriod))
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // The process exited between the check and the signal.
        }
    }

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int SendSignal(int processId, int signal);

    /// <summary>Applies MetricDefinitions to log lines; each line with a match is one reported round.</summary>
    private sealed class MetricReader(IReadOnlyList<MetricDefinition> definitions, IProgress<TrainingRound>? progress)
    {
        private readonly List<(string Name, Regex Pattern)> _patterns =
            definitions.Select(definition => (definition.Name, new Regex(definition.Regex, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))).ToList();

        private readonly Dictionary<string, double> _last = new(StringComparer.Ordinal);

        public int Reports { get; private set; }

        public void Read(string line)
        {
            var found = new List<MetricValue>();
            foreach (var (name, pattern) in _patterns)
            {
                var match = pattern.Match(line);
                if (match.Success && match.Groups.Count > 1
                    && double.TryParse(match.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                {
                    found.Add(new MetricValue(name, value));
                    _last[name] = value;
                }
            }

            if (found.Count > 0)
            {
                progress?.Report(new TrainingRound(Reports++, found));
            }
        }

        public List<MetricValue> Final() => _last.Select(pair => new MetricValue(pair.Key, pair.Value)).ToList();
    }
}
