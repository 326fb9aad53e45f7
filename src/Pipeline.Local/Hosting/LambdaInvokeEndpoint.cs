using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Pipeline.Local.Lambda;
using Pipeline.Local.Services;

namespace Pipeline.Local.Hosting;

/// <summary>Serves Lambda's Invoke API (<c>POST /2015-03-31/functions/{name}/invocations</c>), as the AWS CLI calls it.</summary>
public static class LambdaInvokeEndpoint
{
    public static IEndpointConventionBuilder MapLambdaInvoke(this IEndpointRouteBuilder app, Func<LocalLambdaService> lambda)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.MapPost("/2015-03-31/functions/{functionName}/invocations", async (HttpContext context, string functionName) =>
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var payload = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
            try
            {
                var result = await lambda().InvokeAsync(Uri.UnescapeDataString(functionName), payload.Length == 0 ? "{}" : payload, context.RequestAborted).ConfigureAwait(false);
                context.Response.Headers["X-Amz-Executed-Version"] = result.ExecutedVersion;
                context.Response.Headers["x-amzn-RequestId"] = result.RequestId;
                if (result.FunctionError is not null)
                {
                    context.Response.Headers["X-Amz-Function-Error"] = result.FunctionError;
                }

                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(result.Payload, context.RequestAborted).ConfigureAwait(false);
            }
            catch (AwsServiceException ex)
            {
                context.Response.StatusCode = (int)ex.StatusCode;
                context.Response.Headers["x-amzn-ErrorType"] = ex.ErrorCode;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync($$"""{"Type":"User","message":{{System.Text.Json.JsonSerializer.Serialize(ex.Message)}}}""", context.RequestAborted).ConfigureAwait(false);
            }
        });
    }
}
