using System.Diagnostics;
using System.Text;

namespace Pipeline.Local.Tests.S3;

/// <summary>A fact that runs only where the AWS CLI (<c>aws</c>) is on PATH.</summary>
public sealed class AwsCliFactAttribute : FactAttribute
{
    public AwsCliFactAttribute()
    {
        if (AwsCli.Path is null)
        {
            Skip = "The AWS CLI ('aws') is not on PATH.";
        }
    }
}

internal static class AwsCli
{
    public static string? Path { get; } = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
        .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(folder => System.IO.Path.Combine(folder, "aws"))
        .FirstOrDefault(File.Exists);
}

/// <summary>The AWS CLI's <c>aws s3</c> commands against the local S3 API, with the endpoint URL ending in <c>/s3</c>.</summary>
public sealed class S3ApiCliTests : IAsyncLifetime
{
    private S3ApiFixture _fixture = null!;
    private string _work = null!;

    public async Task InitializeAsync()
    {
        _fixture = await S3ApiFixture.StartAsync();
        _work = Path.Combine(_fixture.Root, "cli");
        Directory.CreateDirectory(_work);
        await File.WriteAllTextAsync(Path.Combine(_work, "config"), "[default]\nregion = us-east-1\ns3 =\n    addressing_style = path\n");
        await File.WriteAllTextAsync(Path.Combine(_work, "credentials"), "[default]\naws_access_key_id = local\naws_secret_access_key = local\n");
    }

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [AwsCliFact]
    public async Task AwsS3Commands_CopyListRemove_WorkAgainstLocalApi()
    {
        var small = Path.Combine(_work, "small file.csv");
        await File.WriteAllTextAsync(small, "a,b\n1,2\n");
        var large = Path.Combine(_work, "large.bin");
        var content = new byte[(9 * 1024 * 1024) + 7];
        new Random(11).NextBytes(content);
        await File.WriteAllBytesAsync(large, content);

        await RunAsync("s3", "mb", "s3://cli-bucket");
        await RunAsync("s3", "cp", small, "s3://cli-bucket/incoming/my file+1.csv");
        await RunAsync("s3", "cp", large, "s3://cli-bucket/big/large.bin");
        var listing = await RunAsync("s3", "ls", "s3://cli-bucket/", "--recursive");
        var storedSmall = await File.ReadAllTextAsync(_fixture.Store.GetObjectFilePath("cli-bucket", "incoming/my file+1.csv"));
        var downloaded = Path.Combine(_work, "downloaded.bin");
        await RunAsync("s3", "cp", "s3://cli-bucket/big/large.bin", downloaded);
        await RunAsync("s3", "rm", "s3://cli-bucket/incoming/my file+1.csv");
        var afterRemove = await RunAsync("s3", "ls", "s3://cli-bucket/", "--recursive");
        await RunAsync("s3", "rm", "s3://cli-bucket/", "--recursive");
        await RunAsync("s3", "rb", "s3://cli-bucket");

        Assert.Equal("a,b\n1,2\n", storedSmall);
        Assert.Contains("incoming/my file+1.csv", listing, StringComparison.Ordinal);
        Assert.Contains("big/large.bin", listing, StringComparison.Ordinal);
        Assert.Contains(content.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), listing, StringComparison.Ordinal);
        Assert.Equal(content, await File.ReadAllBytesAsync(downloaded));
        Assert.True(Directory.Exists(_fixture.MultipartFolder), "The CLI uploads files over 8 MB with a multipart upload.");
        Assert.DoesNotContain("my file+1.csv", afterRemove, StringComparison.Ordinal);
        Assert.Contains("big/large.bin", afterRemove, StringComparison.Ordinal);
        Assert.DoesNotContain("cli-bucket", _fixture.Store.ListBuckets());
    }

    [AwsCliFact]
    public async Task AwsS3Ls_MissingBucket_FailsWithNoSuchBucket()
    {
        var (exitCode, output) = await RunRawAsync("s3", "ls", "s3://no-such-bucket/");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("NoSuchBucket", output, StringComparison.Ordinal);
    }

    private async Task<string> RunAsync(params string[] arguments)
    {
        var (exitCode, output) = await RunRawAsync(arguments);
        Assert.True(exitCode == 0, $"aws {string.Join(' ', arguments)} exited with {exitCode}: {output}");
        return output;
    }

    private async Task<(int ExitCode, string Output)> RunRawAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(AwsCli.Path!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _work,
        };
        foreach (var argument in arguments.Append("--endpoint-url").Append(_fixture.EndpointUrl))
        {
            start.ArgumentList.Add(argument);
        }

        // Local credentials and config only; never the instance metadata service.
        start.Environment["AWS_CONFIG_FILE"] = Path.Combine(_work, "config");
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(_work, "credentials");
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        start.Environment["AWS_MAX_ATTEMPTS"] = "1";
        start.Environment.Remove("AWS_PROFILE");
        start.Environment.Remove("AWS_ACCESS_KEY_ID");
        start.Environment.Remove("AWS_SECRET_ACCESS_KEY");
        start.Environment.Remove("AWS_SESSION_TOKEN");

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var output = new StringBuilder().Append(await stdout).Append(await stderr).ToString();
        return (process.ExitCode, output);
    }
}
