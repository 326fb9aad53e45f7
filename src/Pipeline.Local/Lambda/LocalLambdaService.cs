using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Pipeline.Local.Services;
using Pipeline.Local.Template;

namespace Pipeline.Local.Lambda;

/// <summary>The outcome of one invocation, with the fields of the Lambda Invoke API's response.</summary>
/// <param name="FunctionError">"Unhandled" when the handler threw, as Lambda reports it; otherwise null.</param>
public sealed record LambdaInvocationResult(int StatusCode, string? FunctionError, string Payload, string ExecutedVersion, string RequestId, string LogResult);

/// <summary>
/// Runs the template's functions in-process: each invocation resolves the function's handler string,
/// passes the function's environment variables, and captures errors the way Lambda reports them.
/// </summary>
public sealed class LocalLambdaService
{
    private readonly Dictionary<string, FunctionResource> _functions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Func<Stream, Task<Stream>>> _instances = new(StringComparer.Ordinal);
    private readonly IReadOnlyDictionary<string, string> _sharedEnvironment;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ILoggerFactory _loggerFactory;

    /// <param name="sharedEnvironment">Variables every function gets, such as AWS_REGION and the endpoint overrides that point the SDK clients at the local runtime.</param>
    public LocalLambdaService(IEnumerable<FunctionResource> functions, IReadOnlyDictionary<string, string> sharedEnvironment, TimeProvider timeProvider, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
        ArgumentNullException.ThrowIfNull(functions);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        foreach (var function in functions)
        {
            _functions[function.FunctionName] = function;
            _functions[function.Arn] = function;
            _functions[function.LogicalId] = function;
        }

        _sharedEnvironment = sharedEnvironment;
        _logger = loggerFactory.CreateLogger<LocalLambdaService>();
        _loggerFactory = loggerFactory;
    }

    public IEnumerable<FunctionResource> Functions => _functions.Values.Distinct();

    public void Register(LocalServiceRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.Register("lambda", "Invoke", async (request, cancellationToken) =>
        {
            var name = request["FunctionName"]?.GetValue<string>()
                ?? throw AwsServiceException.Validation("1 validation error detected: Value null at 'functionName' failed to satisfy constraint: Member must not be null");
            var payload = request["Payload"] switch
            {
                null => "{}",
                JsonValue value when value.TryGetValue<string>(out var text) => text,
                var node => node.ToJsonString(),
            };
            var result = await InvokeAsync(name, payload, cancellationToken).ConfigureAwait(false);
            return new JsonObject
            {
                ["StatusCode"] = result.StatusCode,
                ["FunctionError"] = result.FunctionError,
                ["ExecutedVersion"] = result.ExecutedVersion,
                ["Payload"] = result.Payload,
            };
        });
    }

    public FunctionResource GetFunction(string nameOrArn)
    {
        // A qualified ARN (":$LATEST" or an alias) names the same local function.
        var key = nameOrArn;
        if (!_functions.ContainsKey(key) && key.Count(c => c == ':') == 7)
        {
            key = key[..key.LastIndexOf(':')];
        }

        return _functions.TryGetValue(key, out var function)
            ? function
            : throw new AwsServiceException("ResourceNotFoundException", $"Function not found: {nameOrArn}", System.Net.HttpStatusCode.NotFound);
    }

    /// <summary>Invokes a function synchronously (RequestResponse) and returns what Lambda's Invoke API returns.</summary>
    public async Task<LambdaInvocationResult> InvokeAsync(string nameOrArn, string payload, CancellationToken cancellationToken = default)
    {
        var function = GetFunction(nameOrArn);
        var requestId = Guid.NewGuid().ToString();
        Log.FunctionInvoking(_logger, function.FunctionName, requestId);
        var stopwatch = Stopwatch.StartNew();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(function.TimeoutSeconds), _timeProvider);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            // A handler string that does not resolve fails each invocation, as Lambda reports a bad handler.
            var handler = _instances.GetOrAdd(function.FunctionName, _ => CreateInstance(function));
            await using var input = new MemoryStream(Encoding.UTF8.GetBytes(payload));
            var invocation = handler(input);
            var completed = await Task.WhenAny(invocation, Task.Delay(Timeout.InfiniteTimeSpan, _timeProvider, timeout.Token)).ConfigureAwait(false);
            if (completed != invocation)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var message = $"{_timeProvider.GetUtcNow():yyyy-MM-ddTHH:mm:ss.fffZ} {requestId} Task timed out after {function.TimeoutSeconds:0.00} seconds";
                Log.FunctionTimedOut(_logger, function.FunctionName, requestId, function.TimeoutSeconds);
                return Failure(requestId, "Sandbox.Timedout", message, null);
            }

            await using var output = await invocation.ConfigureAwait(false);
            using var reader = new StreamReader(output, Encoding.UTF8);
            var text = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            Log.FunctionInvoked(_logger, function.FunctionName, requestId, stopwatch.ElapsedMilliseconds);
            return new LambdaInvocationResult(200, null, text.Length == 0 ? "null" : text, "$LATEST", requestId, string.Empty);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The stack trace goes to the caller in the error payload, as Lambda returns it; the log keeps one line.
            Log.FunctionFailed(_logger, function.FunctionName, requestId, ex.GetType().Name, ex.Message);
            return Failure(requestId, ex.GetType().Name, ex.Message, ex);
        }
    }

    private static LambdaInvocationResult Failure(string requestId, string errorType, string message, Exception? exception)
    {
        // The .NET runtime reports an unhandled exception as {"errorType", "errorMessage", "stackTrace"}.
        var error = new JsonObject
        {
            ["errorType"] = errorType,
            ["errorMessage"] = message,
        };
        if (exception?.StackTrace is { } trace)
        {
            error["stackTrace"] = new JsonArray(trace.Split('\n').Select(line => (JsonNode?)JsonValue.Create(line.Trim())).ToArray());
        }

        return new LambdaInvocationResult(200, "Unhandled", error.ToJsonString(new JsonSerializerOptions { WriteIndented = false }), "$LATEST", requestId, string.Empty);
    }

    private Func<Stream, Task<Stream>> CreateInstance(FunctionResource function)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, value) in _sharedEnvironment)
        {
            environment[name] = value;
        }

        foreach (var (name, value) in function.Environment)
        {
            environment[name] = value;
        }

        environment["AWS_LAMBDA_FUNCTION_NAME"] = function.FunctionName;
        environment["AWS_LAMBDA_FUNCTION_VERSION"] = "$LATEST";
        environment["AWS_LAMBDA_FUNCTION_TIMEOUT"] = function.TimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return LambdaHandlerResolver.Resolve(function.Handler, _loggerFactory, _timeProvider)(environment);
    }
}
