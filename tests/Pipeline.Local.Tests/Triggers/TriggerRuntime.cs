using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Pipeline.Local.Template;

namespace Pipeline.Local.Tests.Triggers;

/// <summary>A local runtime on a fake clock, serving either the repository's template or a template given as text, with its state in a temporary folder.</summary>
internal sealed class TriggerRuntime : IAsyncDisposable
{
    public static readonly DateTimeOffset StartTime = new(2026, 5, 1, 8, 0, 0, TimeSpan.Zero);

    private TriggerRuntime(string folder, string templatePath, FakeTimeProvider clock, CapturingLoggerProvider logs, IReadOnlyDictionary<string, string> parameters)
    {
        Folder = folder;
        TemplatePath = templatePath;
        Clock = clock;
        Logs = logs;
        Parameters = parameters;
    }

    public string Folder { get; }

    public string TemplatePath { get; }

    public FakeTimeProvider Clock { get; }

    public CapturingLoggerProvider Logs { get; }

    public IReadOnlyDictionary<string, string> Parameters { get; }

    public LocalRuntime Runtime { get; private set; } = null!;

    /// <summary>Starts a runtime on a template written from <paramref name="templateText"/>.</summary>
    public static Task<TriggerRuntime> StartInlineAsync(string templateText)
    {
        var folder = NewFolder();
        var path = Path.Combine(folder, "template.yaml");
        File.WriteAllText(path, templateText);
        return StartAsync(folder, path, new Dictionary<string, string>());
    }

    /// <summary>Starts a runtime on the repository's template.yaml with parameter overrides.</summary>
    public static Task<TriggerRuntime> StartRepositoryTemplateAsync(IReadOnlyDictionary<string, string> parameters) =>
        StartAsync(NewFolder(), RepositoryPaths.Of("template.yaml"), parameters);

    /// <summary>Disposes the runtime and starts another one on the same state folder and clock, as a restart of <c>pipeline up</c>.</summary>
    public async Task RestartAsync()
    {
        await Runtime.DisposeAsync();
        Runtime = await CreateRuntimeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Runtime.DisposeAsync();
        Logs.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a stopped job only leaves a temporary folder behind.
        }
    }

    private static async Task<TriggerRuntime> StartAsync(string folder, string templatePath, IReadOnlyDictionary<string, string> parameters)
    {
        var runtime = new TriggerRuntime(folder, templatePath, new FakeTimeProvider(StartTime), new CapturingLoggerProvider(), parameters);
        runtime.Runtime = await runtime.CreateRuntimeAsync();
        return runtime;
    }

    private Task<LocalRuntime> CreateRuntimeAsync() =>
        LocalRuntime.StartAsync(new LocalRuntimeOptions
        {
            TemplatePath = TemplatePath,
            StateDirectory = Path.Combine(Folder, "state"),
            TimeProvider = Clock,
            LoggerFactory = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Information).AddProvider(Logs)),
            Environment = new DeploymentEnvironment { ParameterOverrides = Parameters },
            EventRetryDelay = TimeSpan.FromMilliseconds(1),
        });

    private static string NewFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"pipeline-triggers-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        return folder;
    }
}
