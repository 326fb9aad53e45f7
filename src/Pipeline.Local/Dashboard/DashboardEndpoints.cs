using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace Pipeline.Local.Dashboard;

/// <summary>
/// Serves the web dashboard at <c>GET /dashboard/</c>: static HTML, CSS and JavaScript embedded in this assembly.
/// The pages read the local services through the same AWS JSON-protocol API at <c>POST /</c> that the AWS CLI uses,
/// so the dashboard needs no routes of its own beyond these files.
/// </summary>
public static class DashboardEndpoints
{
    /// <summary>The dashboard's address below the host's base address.</summary>
    public const string BasePath = "/dashboard/";

    // Everything the pages load comes from this host. The policy also blocks inline scripts and event-handler
    // attributes, so markup that slipped into the page through user data could not run.
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private const string ResourcePrefix = "dashboard/";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".svg"] = "image/svg+xml",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly Lazy<FrozenDictionary<string, DashboardFile>> Files = new(LoadFiles);

    /// <summary>The paths of the embedded files below <see cref="BasePath"/>, such as <c>index.html</c> and <c>js/app.js</c>.</summary>
    public static IReadOnlyCollection<string> FilePaths => Files.Value.Keys;

    /// <summary>Maps <c>GET</c> and <c>HEAD</c> of <c>/dashboard/{path}</c>; <c>/dashboard</c> redirects to <c>/dashboard/</c>.</summary>
    public static IEndpointConventionBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // The route also matches /dashboard without the slash; the redirect gives the page's relative links a base.
        return app.MapMethods(BasePath + "{**path}", [HttpMethods.Get, HttpMethods.Head], (HttpContext context, string? path) => ServeAsync(context, path));
    }

    private static Task ServeAsync(HttpContext context, string? path)
    {
        var response = context.Response;
        if (string.IsNullOrEmpty(path) && context.Request.Path.Value?.EndsWith('/') != true)
        {
            response.Redirect(BasePath);
            return Task.CompletedTask;
        }

        var key = string.IsNullOrEmpty(path) ? "index.html" : path;
        if (!Files.Value.TryGetValue(key, out var file))
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            response.ContentType = "text/plain; charset=utf-8";
            return response.WriteAsync($"The dashboard has no file '{key}'. Open {BasePath} for the dashboard.", context.RequestAborted);
        }

        response.Headers[HeaderNames.ContentSecurityPolicy] = ContentSecurityPolicy;
        response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
        response.Headers[HeaderNames.XFrameOptions] = "DENY";
        response.Headers["Referrer-Policy"] = "no-referrer";

        // The files change only with the build, so the browser revalidates with the ETag and gets 304 until then.
        response.Headers[HeaderNames.CacheControl] = "no-cache";
        response.Headers[HeaderNames.ETag] = file.ETag;
        if (context.Request.Headers.IfNoneMatch.Contains(file.ETag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        response.ContentType = file.ContentType;
        response.ContentLength = file.Content.Length;
        return HttpMethods.IsHead(context.Request.Method)
            ? Task.CompletedTask
            : response.Body.WriteAsync(file.Content, context.RequestAborted).AsTask();
    }

    private static FrozenDictionary<string, DashboardFile> LoadFiles()
    {
        var assembly = typeof(DashboardEndpoints).Assembly;
        var files = new Dictionary<string, DashboardFile>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            var relativePath = name[ResourcePrefix.Length..].Replace('\\', '/');
            if (!ContentTypes.TryGetValue(Path.GetExtension(relativePath), out var contentType))
            {
                throw new InvalidOperationException($"The dashboard file '{relativePath}' has no known content type. Add its extension to {nameof(DashboardEndpoints)}.{nameof(ContentTypes)}.");
            }

            var content = ReadResource(assembly, name);
            var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(content), 0, 16) + "\"";
            files[relativePath] = new DashboardFile(content, contentType, etag);
        }

        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static byte[] ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded resource '{name}' could not be opened.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    private sealed record DashboardFile(byte[] Content, string ContentType, string ETag);
}
