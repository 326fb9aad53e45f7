using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Pipeline.Local.SageMaker.Hosting;

/// <summary>Maps the SageMaker Runtime API of the local endpoints onto an ASP.NET Core host.</summary>
public static class SageMakerRuntimeEndpoints
{
    /// <summary>
    /// Serves <c>POST /endpoints/{name}/invocations</c> (InvokeEndpoint): the request's <c>Content-Type</c>,
    /// <c>Accept</c> and <c>X-Amzn-SageMaker-Target-Variant</c> headers go to the endpoint, and the response
    /// names the variant that served it in <c>x-Amzn-Invoked-Production-Variant</c>. Errors carry
    /// <c>x-amzn-ErrorType</c> and a JSON body, as the SageMaker Runtime sends them.
    /// </summary>
    public static IEndpointConventionBuilder MapSageMakerRuntime(this IEndpointRouteBuilder app, EndpointHostingService hosting)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(hosting);
        return app.MapPost("/endpoints/{endpointName}/invocations", (HttpContext context, string endpointName) => InvokeAsync(context, endpointName, hosting));
    }

    private static async Task InvokeAsync(HttpContext context, string endpointName, EndpointHostingService hosting)
    {
        var request = context.Request;
        var response = context.Response;
        var requestId = Guid.NewGuid().ToString();
        response.Headers["x-amzn-RequestId"] = requestId;
        try
        {
            var body = await ReadBodyAsync(request, context.RequestAborted).ConfigureAwait(false);
            var accept = request.Headers.Accept.Count > 0 ? request.Headers.Accept.ToString() : null;
            var targetVariant = request.Headers["X-Amzn-SageMaker-Target-Variant"].FirstOrDefault();
            var invocation = await hosting.InvokeEndpointAsync(endpointName, request.ContentType, accept, targetVariant, body, context.RequestAborted).ConfigureAwait(false);

            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = invocation.Response.ContentType;
            response.Headers["x-Amzn-Invoked-Production-Variant"] = invocation.InvokedProductionVariant;
            response.ContentLength = invocation.Response.Body.Length;
            await response.Body.WriteAsync(invocation.Response.Body, context.RequestAborted).ConfigureAwait(false);
        }
        catch (EndpointInvocationException exception)
        {
            await WriteErrorAsync(response, exception, endpointName, hosting, context.RequestAborted).ConfigureAwait(false);
        }
    }

    private static async Task<ReadOnlyMemory<byte>> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > EndpointHostingService.MaxRequestBodyBytes)
        {
            throw EndpointHostingService.BodyTooLarge();
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > EndpointHostingService.MaxRequestBodyBytes)
            {
                throw EndpointHostingService.BodyTooLarge();
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    private static async Task WriteErrorAsync(HttpResponse response, EndpointInvocationException exception, string endpointName, EndpointHostingService hosting, CancellationToken cancellationToken)
    {
        response.StatusCode = (int)exception.StatusCode;
        response.ContentType = "application/json";
        if (exception.ErrorType is not null)
        {
            response.Headers["x-amzn-ErrorType"] = exception.ErrorType;
        }

        JsonObject body;
        if (exception.ErrorType == "ModelError")
        {
            body = new JsonObject
            {
                ["ErrorCode"] = exception.OriginalStatusCode >= 500 ? "SERVER_ERROR_FROM_MODEL" : "CLIENT_ERROR_FROM_MODEL",
                ["LogStreamArn"] = $"arn:aws:logs:{hosting.Region}:{hosting.AccountId}:log-group:/aws/sagemaker/Endpoints/{endpointName}",
                ["OriginalMessage"] = exception.OriginalMessage,
                ["OriginalStatusCode"] = exception.OriginalStatusCode,
                ["Message"] = exception.Message,
            };
        }
        else
        {
            body = new JsonObject { ["message"] = exception.Message };
        }

        await response.WriteAsync(body.ToJsonString(), cancellationToken).ConfigureAwait(false);
    }
}
