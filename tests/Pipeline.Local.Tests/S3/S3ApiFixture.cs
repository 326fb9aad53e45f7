using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pipeline.Local.S3;
using Pipeline.Local.Storage;

namespace Pipeline.Local.Tests.S3;

/// <summary>A folder object store served by the S3 REST API on a Kestrel host at 127.0.0.1, with an AWSSDK.S3 client.</summary>
internal sealed class S3ApiFixture : IAsyncDisposable
{
    private readonly WebApplication _app;

    private S3ApiFixture(string root, FolderObjectStore store, WebApplication app, string endpointUrl)
    {
        Root = root;
        Store = store;
        _app = app;
        EndpointUrl = endpointUrl;
        Client = new AmazonS3Client(
            new BasicAWSCredentials("local-access-key", "local-secret-key"),
            new AmazonS3Config { ServiceURL = endpointUrl, ForcePathStyle = true, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });
        Http = new HttpClient { BaseAddress = new Uri(endpointUrl.TrimEnd('/') + "/") };
    }

    public string Root { get; }

    public FolderObjectStore Store { get; }

    /// <summary>The endpoint URL clients use, ending in the <c>/s3</c> path prefix.</summary>
    public string EndpointUrl { get; }

    public AmazonS3Client Client { get; }

    public HttpClient Http { get; }

    public string MultipartFolder => Path.Combine(Root, "multipart");

    public static async Task<S3ApiFixture> StartAsync()
    {
        var root = Path.Combine(Path.GetTempPath(), "s3-api-" + Guid.NewGuid().ToString("N"));
        var store = new FolderObjectStore(Path.Combine(root, "buckets"));
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapS3Api(store, new S3ApiOptions { MultipartFolder = Path.Combine(root, "multipart") });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new S3ApiFixture(root, store, app, address + "/s3");
    }

    /// <summary>Returns the hex MD5 of <paramref name="content"/>, which S3 uses as the ETag of a single-part upload.</summary>
    public static string Md5Hex(byte[] content)
    {
#pragma warning disable CA5351 // S3 defines ETags with MD5; the tests compare against it.
        return Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(content));
#pragma warning restore CA5351
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Http.Dispose();
        await _app.DisposeAsync();
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
