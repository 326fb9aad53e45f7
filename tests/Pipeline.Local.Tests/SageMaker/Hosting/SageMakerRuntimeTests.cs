using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Pipeline.Local.Tests.SageMaker.Hosting;

public sealed class SageMakerRuntimeTests : IAsyncDisposable
{
    private readonly HostingFixture _fixture = new(seed: 42);

    public ValueTask DisposeAsync() => _fixture.DisposeAsync();

    [Fact]
    public async Task Invoke_InServiceEndpoint_ReturnsModelResponseAndVariant()
    {
        await _fixture.DeployAsync("iris", "model-a");
        await _fixture.StartHttpAsync();

        using var response = await _fixture.InvokeAsync("iris", "5.1,3.5,1.4,0.2", accept: "application/json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("model-a:5.1,3.5,1.4,0.2", await response.Content.ReadAsStringAsync());
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("AllTraffic", response.Headers.GetValues("x-Amzn-Invoked-Production-Variant").Single());
        var model = Assert.Single(_fixture.Loader.Loaded);
        Assert.Equal("text/csv", model.LastContentType);
        Assert.Equal("application/json", model.LastAccept);
    }

    [Fact]
    public async Task Invoke_TargetVariant_RoutesToThatVariant()
    {
        await DeployTwoVariantsAsync(weightA: 1, weightB: 0);
        await _fixture.StartHttpAsync();

        using var response = await _fixture.InvokeAsync("ab", "1", targetVariant: "VariantB");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("model-b:1", await response.Content.ReadAsStringAsync());
        Assert.Equal("VariantB", response.Headers.GetValues("x-Amzn-Invoked-Production-Variant").Single());
    }

    [Fact]
    public async Task Invoke_UnknownEndpoint_ReturnsValidationError()
    {
        await _fixture.StartHttpAsync();

        using var response = await _fixture.InvokeAsync("ghost", "1");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("ValidationError", response.Headers.GetValues("x-amzn-ErrorType").Single());
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Endpoint ghost of account 123456789012 not found.", (string?)body["message"]);
    }

    [Fact]
    public async Task Invoke_UnknownTargetVariant_ReturnsValidationError()
    {
        await _fixture.DeployAsync("iris", "model-a");
        await _fixture.StartHttpAsync();

        using var response = await _fixture.InvokeAsync("iris", "1", targetVariant: "Canary");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("ValidationError", response.Headers.GetValues("x-amzn-ErrorType").Single());
        Assert.Contains("Canary", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_EndpointStillCreating_ReturnsValidationError()
    {
        await _fixture.CreateModelAsync("model-a");
        await _fixture.CreateConfigAsync("config-a", ("AllTraffic", "model-a", 1.0));
        var gate = _fixture.Loader.Hold("model-a");
        await _fixture.CallAsync("CreateEndpoint", """{ "EndpointName": "iris", "EndpointConfigName": "config-a" }""");
        await _fixture.StartHttpAsync();

        using var response = await _fixture.InvokeAsync("iris", "1");
        gate.SetResult();
        await _fixture.Service.WaitForEndpointAsync("iris");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("its status is Creating", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_ModelRejectsRequest_ReturnsModelError424()
    {
        await _fixture.DeployAsync("iris", "model-a");
        await _fixture.StartHttpAsync();

        using var response = await _fixture.InvokeAsync("iris", "bad");

        Assert.Equal(HttpStatusCode.FailedDependency, response.StatusCode);
        Assert.Equal("ModelError", response.Headers.GetValues("x-amzn-ErrorType").Single());
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(400, (int)body["OriginalStatusCode"]!);
        Assert.Equal("Feature count mismatch: expected 30 columns, got 2", (string?)body["OriginalMessage"]);
        Assert.Equal("CLIENT_ERROR_FROM_MODEL", (string?)body["ErrorCode"]);
        Assert.StartsWith("Received client error (400) from AllTraffic with message \"Feature count mismatch", (string?)body["Message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_ModelThrows_ReturnsModelErrorWith500()
    {
        await _fixture.DeployAsync("iris", "model-a");
        await _fixture.StartHttpAsync();

        using var response = await _fixture.InvokeAsync("iris", "crash");

        Assert.Equal(HttpStatusCode.FailedDependency, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(500, (int)body["OriginalStatusCode"]!);
        Assert.Equal("native library crashed", (string?)body["OriginalMessage"]);
    }

    [Fact]
    public async Task Invoke_BodyOver6MB_Returns413()
    {
        await _fixture.DeployAsync("iris", "model-a");
        await _fixture.StartHttpAsync();

        using var atLimit = await _fixture.InvokeAsync("iris", new string('1', 6 * 1024 * 1024));
        using var overLimit = await _fixture.InvokeAsync("iris", new string('1', (6 * 1024 * 1024) + 1));

        Assert.Equal(HttpStatusCode.OK, atLimit.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, overLimit.StatusCode);
        Assert.Contains("HTTP content length exceeded 6291456 bytes.", await overLimit.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_WeightedVariants_SplitsTrafficByWeight()
    {
        await DeployTwoVariantsAsync(weightA: 3, weightB: 1);

        var counts = await CountVariantsAsync(4000);

        var shareA = counts.GetValueOrDefault("VariantA") / 4000.0;
        Assert.InRange(shareA, 0.72, 0.78);
        Assert.Equal(4000, counts.GetValueOrDefault("VariantA") + counts.GetValueOrDefault("VariantB"));
    }

    [Fact]
    public async Task Invoke_ZeroWeightVariant_IsNeverChosen()
    {
        await DeployTwoVariantsAsync(weightA: 0, weightB: 2);

        var counts = await CountVariantsAsync(500);

        Assert.Equal(0, counts.GetValueOrDefault("VariantA"));
        Assert.Equal(500, counts.GetValueOrDefault("VariantB"));
    }

    [Fact]
    public async Task UpdateEndpointWeightsAndCapacities_NewWeights_ChangeRoutingAndDescribe()
    {
        await DeployTwoVariantsAsync(weightA: 1, weightB: 1);

        await _fixture.CallAsync("UpdateEndpointWeightsAndCapacities", """
            { "EndpointName": "ab", "DesiredWeightsAndCapacities": [ { "VariantName": "VariantA", "DesiredWeight": 0 }, { "VariantName": "VariantB", "DesiredWeight": 5, "DesiredInstanceCount": 3 } ] }
            """);
        var counts = await CountVariantsAsync(300);
        var described = await _fixture.CallAsync("DescribeEndpoint", """{ "EndpointName": "ab" }""");

        Assert.Equal(300, counts.GetValueOrDefault("VariantB"));
        var variants = described["ProductionVariants"]!.AsArray();
        Assert.Equal(0.0, (double)variants[0]!["CurrentWeight"]!);
        Assert.Equal(5.0, (double)variants[1]!["CurrentWeight"]!);
        Assert.Equal(5.0, (double)variants[1]!["DesiredWeight"]!);
        Assert.Equal(3, (int)variants[1]!["CurrentInstanceCount"]!);
        Assert.Equal("InService", (string?)described["EndpointStatus"]);
    }

    [Fact]
    public async Task Invoke_AllWeightsZero_ReturnsValidationErrorUnlessTargeted()
    {
        await DeployTwoVariantsAsync(weightA: 0, weightB: 0);
        await _fixture.StartHttpAsync();

        using var untargeted = await _fixture.InvokeAsync("ab", "1");
        using var targeted = await _fixture.InvokeAsync("ab", "1", targetVariant: "VariantA");

        Assert.Equal(HttpStatusCode.BadRequest, untargeted.StatusCode);
        Assert.Contains("weight 0", await untargeted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, targeted.StatusCode);
    }

    [Fact]
    public async Task UpdateEndpoint_WhileServing_NoRequestFails()
    {
        await _fixture.DeployAsync("iris", "model-a");
        await _fixture.CreateModelAsync("model-b");
        await _fixture.CreateConfigAsync("config-b", ("AllTraffic", "model-b", 1.0));
        await _fixture.StartHttpAsync();
        var gate = _fixture.Loader.Hold("model-b");
        var failures = new List<string>();
        var answers = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();
        using var answered = new SemaphoreSlim(0);

        var workers = Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            var i = 0;
            while (!stop.IsCancellationRequested)
            {
                using var response = await _fixture.InvokeAsync("iris", $"{worker}-{i++}");
                var text = await response.Content.ReadAsStringAsync();
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    lock (failures)
                    {
                        failures.Add($"{(int)response.StatusCode}: {text}");
                    }
                }
                else
                {
                    answers.Enqueue(text.Split(':')[0]);
                    answered.Release();
                }
            }
        })).ToArray();

        await WaitForAnswersAsync(answers, answered, 20);
        await _fixture.CallAsync("UpdateEndpoint", """{ "EndpointName": "iris", "EndpointConfigName": "config-b" }""");
        var countAtUpdate = answers.Count;
        await WaitForAnswersAsync(answers, answered, countAtUpdate + 20);
        var answeredWhileUpdating = answers.Skip(countAtUpdate).ToArray();
        gate.SetResult();
        var done = await _fixture.Service.WaitForEndpointAsync("iris");
        var countAtSwitch = answers.Count;
        await WaitForAnswersAsync(answers, answered, countAtSwitch + 40);
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        Assert.Empty(failures);
        Assert.Equal("InService", (string?)done["EndpointStatus"]);
        Assert.All(answeredWhileUpdating, label => Assert.Equal("model-a", label));
        Assert.Equal("model-b", answers.Last());
        Assert.Contains("model-b", answers.Skip(countAtSwitch));
        Assert.True(_fixture.Loader.Loaded.Single(m => m.Label == "model-a").Disposed);
    }

    [Fact]
    public async Task UpdateEndpoint_NewConfigFailsWhileServing_OldConfigKeepsAnswering()
    {
        await _fixture.DeployAsync("iris", "model-a");
        await _fixture.CreateModelAsync("model-b");
        await _fixture.CreateConfigAsync("config-b", ("AllTraffic", "model-b", 1.0));
        await _fixture.StartHttpAsync();
        _fixture.Loader.Failures["model-b"] = "corrupt booster";

        await _fixture.CallAsync("UpdateEndpoint", """{ "EndpointName": "iris", "EndpointConfigName": "config-b" }""");
        using var during = await _fixture.InvokeAsync("iris", "1");
        var result = await _fixture.Service.WaitForEndpointAsync("iris");
        using var after = await _fixture.InvokeAsync("iris", "2");

        Assert.Equal(HttpStatusCode.OK, during.StatusCode);
        Assert.Equal("InService", (string?)result["EndpointStatus"]);
        Assert.Contains("corrupt booster", (string?)result["FailureReason"], StringComparison.Ordinal);
        Assert.Equal("model-a:2", await after.Content.ReadAsStringAsync());
    }

    private async Task DeployTwoVariantsAsync(double weightA, double weightB)
    {
        await _fixture.CreateModelAsync("model-a");
        await _fixture.CreateModelAsync("model-b");
        await _fixture.CreateConfigAsync("ab-config", ("VariantA", "model-a", weightA), ("VariantB", "model-b", weightB));
        await _fixture.CallAsync("CreateEndpoint", """{ "EndpointName": "ab", "EndpointConfigName": "ab-config" }""");
        var described = await _fixture.Service.WaitForEndpointAsync("ab");
        Assert.Equal("InService", (string?)described["EndpointStatus"]);
    }

    private async Task<Dictionary<string, int>> CountVariantsAsync(int requests)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < requests; i++)
        {
            var invocation = await _fixture.Service.InvokeEndpointAsync("ab", "text/csv", null, null, Encoding.UTF8.GetBytes("1"));
            counts[invocation.InvokedProductionVariant] = counts.GetValueOrDefault(invocation.InvokedProductionVariant) + 1;
        }

        return counts;
    }

    private static async Task WaitForAnswersAsync(System.Collections.Concurrent.ConcurrentQueue<string> answers, SemaphoreSlim answered, int count)
    {
        // Counts answers rather than time: the workers keep answering until they are stopped.
        while (answers.Count < count)
        {
            await answered.WaitAsync();
        }
    }
}
