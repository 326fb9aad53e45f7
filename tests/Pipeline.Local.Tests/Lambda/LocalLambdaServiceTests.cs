using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Local.Lambda;
using Pipeline.Local.Template;

namespace Pipeline.Local.Tests.Lambda;

public sealed class LocalLambdaServiceTests
{
    private static LocalLambdaService CreateService(string handler, int timeoutSeconds = 5) =>
        new(
            [new FunctionResource("Fn", "fn", "arn:aws:lambda:us-east-1:000000000000:function:fn", handler, "dotnet10", timeoutSeconds, new Dictionary<string, string> { ["GREETING"] = "hello" }, [])],
            new Dictionary<string, string> { ["AWS_REGION"] = "us-east-1" },
            TimeProvider.System,
            NullLoggerFactory.Instance);

    private const string Handlers = "Pipeline.Local.Tests::Pipeline.Local.Tests.Lambda.TestHandlers";

    [Fact]
    public async Task InvokeAsync_Handler_ReceivesTemplateEnvironment()
    {
        var result = await CreateService($"{Handlers}::EchoEnvironmentAsync").InvokeAsync("fn", """{"name":"x"}""");

        Assert.Null(result.FunctionError);
        var payload = JsonNode.Parse(result.Payload)!;
        Assert.Equal("hello", payload["greeting"]!.GetValue<string>());
        Assert.Equal("us-east-1", payload["region"]!.GetValue<string>());
        Assert.Equal("fn", payload["function"]!.GetValue<string>());
    }

    [Fact]
    public async Task InvokeAsync_HandlerThrows_ReportsUnhandledError()
    {
        var result = await CreateService($"{Handlers}::FailAsync").InvokeAsync("arn:aws:lambda:us-east-1:000000000000:function:fn", "{}");

        Assert.Equal("Unhandled", result.FunctionError);
        var payload = JsonNode.Parse(result.Payload)!;
        Assert.Equal("InvalidOperationException", payload["errorType"]!.GetValue<string>());
        Assert.Equal("no data", payload["errorMessage"]!.GetValue<string>());
    }

    [Fact]
    public async Task InvokeAsync_HandlerTooSlow_TimesOut()
    {
        var result = await CreateService($"{Handlers}::HangAsync", timeoutSeconds: 1).InvokeAsync("fn", "{}");

        Assert.Equal("Unhandled", result.FunctionError);
        Assert.Contains("Task timed out after 1.00 seconds", result.Payload, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("NoColons")]
    [InlineData("Pipeline.Local.Tests::Missing.Type::Handle")]
    [InlineData("Pipeline.Local.Tests::Pipeline.Local.Tests.Lambda.TestHandlers::Missing")]
    [InlineData("No.Such.Assembly::A.B::C")]
    public async Task InvokeAsync_BadHandlerString_ReportsWhatIsWrong(string handler)
    {
        var result = await CreateService(handler).InvokeAsync("fn", "{}");

        Assert.Equal("Unhandled", result.FunctionError);
        Assert.Equal("LambdaHandlerException", JsonNode.Parse(result.Payload)!["errorType"]!.GetValue<string>());
    }
}

/// <summary>Handlers resolved by their handler strings in the tests above.</summary>
public sealed class TestHandlers
{
    private readonly IReadOnlyDictionary<string, string?> _environment;

    public TestHandlers(IReadOnlyDictionary<string, string?> environment)
    {
        _environment = environment;
    }

    public Task<Stream> EchoEnvironmentAsync(Stream input)
    {
        var json = new JsonObject
        {
            ["greeting"] = _environment["GREETING"],
            ["region"] = _environment["AWS_REGION"],
            ["function"] = _environment["AWS_LAMBDA_FUNCTION_NAME"],
        };
        return Task.FromResult<Stream>(new MemoryStream(Encoding.UTF8.GetBytes(json.ToJsonString())));
    }

    public Task<Stream> FailAsync(Stream input) => throw new InvalidOperationException("no data");

    public async Task<Stream> HangAsync(Stream input)
    {
        await Task.Delay(TimeSpan.FromSeconds(30));
        return new MemoryStream();
    }
}
