using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Pipeline.Local.Dashboard;

namespace Pipeline.Dashboard.Tests;

/// <summary>The dashboard's static routes, over real HTTP on the runtime's ephemeral port.</summary>
public sealed partial class DashboardHttpTests : IClassFixture<DashboardRuntime>, IDisposable
{
    private readonly DashboardRuntime _local;
    private readonly HttpClient _client;

    public DashboardHttpTests(DashboardRuntime local)
    {
        _local = local;
        _client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = local.Runtime.Endpoint };
    }

    public void Dispose() => _client.Dispose();

    [Fact]
    public async Task Dashboard_WithoutSlash_RedirectsToIndex()
    {
        using var response = await _client.GetAsync(new Uri("dashboard", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/dashboard/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Index_Get_ServesHtmlWithSecurityHeaders()
    {
        using var response = await _client.GetAsync(new Uri("dashboard/", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("""<script type="module" src="js/app.js"></script>""", body, StringComparison.Ordinal);
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Theory]
    [InlineData("index.html", "text/html")]
    [InlineData("dashboard.css", "text/css")]
    [InlineData("favicon.svg", "image/svg+xml")]
    [InlineData("js/app.js", "text/javascript")]
    [InlineData("js/graph.js", "text/javascript")]
    [InlineData("js/pages/execution.js", "text/javascript")]
    public async Task File_Get_HasContentType(string path, string mediaType)
    {
        using var response = await _client.GetAsync(new Uri("dashboard/" + path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Content.Headers.ContentLength > 0);
    }

    [Fact]
    public async Task EveryFile_Get_Succeeds()
    {
        Assert.NotEmpty(DashboardEndpoints.FilePaths);
        foreach (var path in DashboardEndpoints.FilePaths)
        {
            using var response = await _client.GetAsync(new Uri("dashboard/" + path, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /dashboard/{path} returned {(int)response.StatusCode}.");
        }
    }

    [Fact]
    public async Task EveryFile_ReferencesNoOtherHost()
    {
        foreach (var path in DashboardEndpoints.FilePaths)
        {
            var text = await _client.GetStringAsync(new Uri("dashboard/" + path, UriKind.Relative));
            var external = ExternalReference().Matches(text).Select(m => m.Value).Where(value => !value.Contains("www.w3.org/2000/svg", StringComparison.Ordinal)).ToList();
            Assert.True(external.Count == 0, $"{path} references {string.Join(", ", external)}; the dashboard must load everything from the local host.");
        }
    }

    [Fact]
    public async Task EveryModuleImport_ResolvesToServedFile()
    {
        foreach (var path in DashboardEndpoints.FilePaths.Where(p => p.EndsWith(".js", StringComparison.Ordinal)))
        {
            var text = await _client.GetStringAsync(new Uri("dashboard/" + path, UriKind.Relative));
            foreach (Match import in ModuleImport().Matches(text))
            {
                var target = new Uri(new Uri("http://localhost/" + path), import.Groups[1].Value).AbsolutePath.TrimStart('/');
                Assert.True(DashboardEndpoints.FilePaths.Contains(target), $"{path} imports '{import.Groups[1].Value}', which the dashboard does not serve.");
            }
        }
    }

    [Fact]
    public async Task File_IfNoneMatchEtag_ReturnsNotModified()
    {
        using var first = await _client.GetAsync(new Uri("dashboard/js/app.js", UriKind.Relative));
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("dashboard/js/app.js", UriKind.Relative));
        request.Headers.IfNoneMatch.Add(etag);
        using var second = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
    }

    [Fact]
    public async Task File_Head_ReturnsHeadersWithoutBody()
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, new Uri("dashboard/dashboard.css", UriKind.Relative));
        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Content.Headers.ContentLength > 0);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task UnknownFile_Get_ReturnsNotFoundWithHint()
    {
        using var response = await _client.GetAsync(new Uri("dashboard/missing.js", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Open /dashboard/", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dashboard/%2e%2e/template.yaml")]
    [InlineData("dashboard/..%2ftemplate.yaml")]
    [InlineData("dashboard/js%2f..%2f..%2fstate%2fstate.db")]
    public async Task PathOutsideDashboard_Get_ReturnsNotFound(string path)
    {
        using var response = await _client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task AwsApi_StillServedBesideDashboard()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/", UriKind.Relative))
        {
            Content = new StringContent("{}", Encoding.UTF8, "application/x-amz-json-1.0"),
        };
        request.Headers.Add("X-Amz-Target", "AWSStepFunctions.ListStateMachines");
        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(_local.MachineArn, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [GeneratedRegex("""(?:https?:)?//[A-Za-z0-9.-]+\.[A-Za-z]{2,}[^\s"'`)]*""")]
    private static partial Regex ExternalReference();

    [GeneratedRegex("""(?:import|from)\s+'(\.[^']+)'""")]
    private static partial Regex ModuleImport();
}
