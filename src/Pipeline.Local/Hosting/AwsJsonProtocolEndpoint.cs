using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Pipeline.Local.Services;

namespace Pipeline.Local.Hosting;

/// <summary>
/// Serves the AWS JSON protocol at <c>POST /</c>: the <c>X-Amz-Target</c> header (for example
/// <c>AWSStepFunctions.StartExecution</c>) picks the service and operation, the body is the request JSON, and
/// errors come back as <c>{"__type": "...", "message": "..."}</c> with the error's HTTP status.
/// </summary>
public static class AwsJsonProtocolEndpoint
{
    // Target prefixes of the JSON-protocol services, from each service's API model.
    private static readonly Dictionary<string, (string Service, string ContentType)> Targets = new(StringComparer.Ordinal)
    {
        ["AWSStepFunctions"] = ("states", "application/x-amz-json-1.0"),
        ["SageMaker"] = ("sagemaker", "application/x-amz-json-1.1"),
        ["AWSGlue"] = ("glue", "application/x-amz-json-1.1"),
        ["Logs_20140328"] = ("logs", "application/x-amz-json-1.1"),
        ["AWSEvents"] = ("events", "application/x-amz-json-1.1"),
        ["GraniteServiceVersion20100801"] = ("monitoring", "application/x-amz-json-1.0"),
    };

    public static IEndpointConventionBuilder MapAwsJsonProtocol(this IEndpointRouteBuilder app, LocalServiceRegistry registry, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.MapPost("/", context => HandleAsync(context, registry, logger));
    }

    private static async Task HandleAsync(HttpContext context, LocalServiceRegistry registry, ILogger logger)
    {
        var requestId = Guid.NewGuid().ToString();
        context.Response.Headers["x-amzn-RequestId"] = requestId;
        var target = context.Request.Headers["X-Amz-Target"].ToString();
        var dot = target.LastIndexOf('.');
        if (dot <= 0 || !Targets.TryGetValue(target[..dot], out var service))
        {
            await WriteErrorAsync(context, "application/x-amz-json-1.1", new AwsServiceException("UnknownOperationException", $"The X-Amz-Target '{target}' is not served by the local runtime.")).ConfigureAwait(false);
            return;
        }

        JsonObject request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<JsonObject>(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false) ?? [];
        }
        catch (JsonException ex)
        {
            await WriteErrorAsync(context, service.ContentType, new AwsServiceException("SerializationException", $"The request body is not valid JSON: {ex.Message}")).ConfigureAwait(false);
            return;
        }

        try
        {
            var response = await registry.InvokeAsync(service.Service, target[(dot + 1)..], request, context.RequestAborted).ConfigureAwait(false);
            context.Response.ContentType = service.ContentType;
            await context.Response.WriteAsync(RemoveNulls(response).ToJsonString(), context.RequestAborted).ConfigureAwait(false);
        }
        catch (AwsServiceException ex)
        {
            Log.ServiceRequestFailed(logger, target, ex.ErrorCode, ex.Message);
            await WriteErrorAsync(context, service.ContentType, ex).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.ServiceRequestCrashed(logger, ex, target);
            await WriteErrorAsync(context, service.ContentType, new AwsServiceException("InternalFailure", ex.Message, HttpStatusCode.InternalServerError)).ConfigureAwait(false);
        }
    }

    private static Task WriteErrorAsync(HttpContext context, string contentType, AwsServiceException error)
    {
        context.Response.StatusCode = (int)error.StatusCode;
        context.Response.ContentType = contentType;
        context.Response.Headers["x-amzn-ErrorType"] = error.ErrorCode;
        var body = new JsonObject { ["__type"] = error.ErrorCode, ["message"] = error.Message };
        return context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    /// <summary>Drops null members, because AWS responses omit absent fields rather than sending null.</summary>
    internal static JsonObject RemoveNulls(JsonObject response)
    {
        foreach (var key in response.Where(pair => pair.Value is null).Select(pair => pair.Key).ToList())
        {
            response.Remove(key);
        }

        foreach (var (_, value) in response)
        {
            switch (value)
            {
                case JsonObject nested:
                    RemoveNulls(nested);
                    break;
                case JsonArray array:
                    foreach (var item in array.OfType<JsonObject>())
                    {
                        RemoveNulls(item);
                    }

                    break;
            }
        }

        return response;
    }
}
