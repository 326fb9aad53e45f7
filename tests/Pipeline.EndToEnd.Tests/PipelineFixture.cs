using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Pipeline.Local;

namespace Pipeline.EndToEnd.Tests;

/// <summary>
/// One local runtime serving the repository's template.yaml, with its state in a temporary folder.
/// Tests use their own dataset names so they do not see each other's executions.
/// </summary>
public sealed class PipelineFixture : IAsyncLifetime
{
    private readonly string _stateDirectory = Path.Combine(Path.GetTempPath(), $"pipeline-e2e-{Guid.NewGuid():N}");

    public LocalRuntime Runtime { get; private set; } = null!;

    public string WorkDirectory => Path.Combine(_stateDirectory, "inputs");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(WorkDirectory);
        Runtime = await LocalRuntime.StartAsync(new LocalRuntimeOptions
        {
            TemplatePath = RepositoryPaths.Of("template.yaml"),
            StateDirectory = Path.Combine(_stateDirectory, "state"),
            EventRetryDelay = TimeSpan.FromMilliseconds(100),
        });
    }

    public async Task DisposeAsync()
    {
        await Runtime.DisposeAsync();
        try
        {
            Directory.Delete(_stateDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a finished job only leaves a temporary folder behind.
        }
    }

    /// <summary>
    /// Writes a sample's configuration for <paramref name="dataset"/>, with a 1-second endpoint poll so the
    /// test does not wait 5 seconds per DescribeEndpoint, no baking period for endpoint updates, and an optional edit.
    /// </summary>
    public string WriteConfiguration(string sample, string dataset, Action<JsonObject>? edit = null)
    {
        var configuration = JsonNode.Parse(File.ReadAllText(RepositoryPaths.Of("samples", sample, "config.json")))!.AsObject();
        configuration["deployment"]!["endpointName"] = dataset;
        configuration["deployment"]!["statusPollSeconds"] = 1;
        configuration["deployment"]!["bakeSeconds"] = 0;
        edit?.Invoke(configuration);
        var folder = Path.Combine(WorkDirectory, dataset);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "config.json");
        File.WriteAllText(path, configuration.ToJsonString());
        return path;
    }

    /// <summary>Copies a data file into the dataset's input folder under a new name.</summary>
    public string WriteData(string dataset, string fileName, string content)
    {
        var folder = Path.Combine(WorkDirectory, dataset);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, fileName);
        File.WriteAllText(path, content);
        return path;
    }

    public Task<DatasetRunResult> RunAsync(string dataFile, string dataset, string configurationPath) =>
        Runtime.RunDatasetFileAsync(dataFile, dataset, configurationPath);

    /// <summary>Sends rows to a local endpoint through its HTTP route and returns the response body.</summary>
    public async Task<(int StatusCode, string Body)> InvokeAsync(string endpointName, string contentType, string body, string? accept = null)
    {
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Runtime.Endpoint, $"endpoints/{endpointName}/invocations"))
        {
            Content = new StringContent(body, Encoding.UTF8),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (accept is not null)
        {
            request.Headers.Accept.ParseAdd(accept);
        }

        using var response = await client.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Reads the predictions of a text/csv response, one number per input row.</summary>
    public static IReadOnlyList<double> ParsePredictions(string body) =>
        body.Split([',', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(value => double.Parse(value, CultureInfo.InvariantCulture))
            .ToList();

    /// <summary>Reads a processed split (label first, no header) written by the preprocessing job.</summary>
    public async Task<IReadOnlyList<(double Label, string Features)>> ReadSplitAsync(string dataset, string runId, string split)
    {
        var prefix = $"processed/{dataset}/{runId}/{split}/";
        var rows = new List<(double, string)>();
        await foreach (var info in Runtime.Objects.ListObjectsAsync(Runtime.DataBucket, prefix))
        {
            foreach (var line in await File.ReadAllLinesAsync(Runtime.Objects.GetObjectFilePath(info.Bucket, info.Key)))
            {
                if (line.Length == 0)
                {
                    continue;
                }

                var comma = line.IndexOf(',', StringComparison.Ordinal);
                rows.Add((double.Parse(line[..comma], CultureInfo.InvariantCulture), line[(comma + 1)..]));
            }
        }

        return rows;
    }

    public static double Metric(JsonObject? output, string name) =>
        (output?["metrics"] as JsonArray ?? [])
            .Where(m => m?["MetricName"]?.GetValue<string>() == name)
            .Select(m => m!["Value"]!.GetValue<double>())
            .Single();
}
