using Amazon.Runtime;

namespace Pipeline.Aws.Tests;

public sealed class AwsEnvironmentTests
{
    [Fact]
    public void ResolveEndpoint_NoOverride_UsesRegionalAwsEndpoints()
    {
        var environment = Environment(("AWS_REGION", "eu-west-1"));

        Assert.Equal(new Uri("https://states.eu-west-1.amazonaws.com/"), environment.ResolveEndpoint(AwsService.StepFunctions));
        Assert.Equal(new Uri("https://api.sagemaker.eu-west-1.amazonaws.com/"), environment.ResolveEndpoint(AwsService.SageMaker));
        Assert.Equal(new Uri("https://glue.eu-west-1.amazonaws.com/"), environment.ResolveEndpoint(AwsService.Glue));
    }

    [Fact]
    public void ResolveEndpoint_ServiceOverride_WinsOverGlobalOverride()
    {
        var environment = Environment(("AWS_ENDPOINT_URL", "http://127.0.0.1:4566"), ("AWS_ENDPOINT_URL_SFN", "http://127.0.0.1:8083"));

        Assert.Equal(new Uri("http://127.0.0.1:8083"), environment.ResolveEndpoint(AwsService.StepFunctions));
        Assert.Equal(new Uri("http://127.0.0.1:4566"), environment.ResolveEndpoint(AwsService.SageMaker));
    }

    [Fact]
    public void ResolveEndpoint_InvalidOverride_NamesVariableAndFix()
    {
        var environment = Environment(("AWS_ENDPOINT_URL_SAGEMAKER", "localhost:4566"));

        var error = Assert.Throws<InvalidOperationException>(() => environment.ResolveEndpoint(AwsService.SageMaker));

        Assert.Contains("AWS_ENDPOINT_URL_SAGEMAKER='localhost:4566'", error.Message, StringComparison.Ordinal);
        Assert.Contains("http://127.0.0.1:4566", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Region_FallsBackThroughDefaultRegion()
    {
        Assert.Equal("ap-south-1", Environment(("AWS_REGION", "ap-south-1"), ("AWS_DEFAULT_REGION", "eu-west-1")).Region);
        Assert.Equal("eu-west-1", Environment(("AWS_REGION", " "), ("AWS_DEFAULT_REGION", "eu-west-1")).Region);
        Assert.Equal("us-east-1", Environment().Region);
    }

    [Fact]
    public async Task FromEnvironment_StaticKeys_AreUsed()
    {
        var source = AwsCredentialsSource.FromEnvironment(
            Environment(("AWS_ACCESS_KEY_ID", "AKID1"), ("AWS_SECRET_ACCESS_KEY", "secret1"), ("AWS_SESSION_TOKEN", "token1")),
            AwsService.StepFunctions);

        var credentials = await source.GetCredentialsAsync();

        Assert.Equal("AKID1", credentials.AccessKey);
        Assert.Equal("secret1", credentials.SecretKey);
        Assert.Equal("token1", credentials.Token);
        Assert.DoesNotContain("secret1", source.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FromEnvironment_LoopbackOverrides_UsePlaceholderCredentials()
    {
        var source = AwsCredentialsSource.FromEnvironment(
            Environment(("AWS_ENDPOINT_URL", "http://127.0.0.1:4566"), ("AWS_ENDPOINT_URL_S3", "http://localhost:4566")),
            AwsService.S3,
            AwsService.StepFunctions);

        var credentials = await source.GetCredentialsAsync();

        Assert.Equal(AwsCredentialsSource.LocalAccessKeyId, credentials.AccessKey);
    }

    [Fact]
    public void FromEnvironment_RemoteEndpoint_UsesDefaultChain()
    {
        var source = AwsCredentialsSource.FromEnvironment(Environment(("AWS_ENDPOINT_URL_SFN", "https://states.example.test")), AwsService.StepFunctions);

        Assert.Contains("default credential chain", source.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_ExplicitCredentials_AreReturned()
    {
        var credentials = new BasicAWSCredentials("a", "b");

        Assert.Same(credentials, new AwsCredentialsSource(credentials).GetAwsCredentials());
    }

    private static AwsEnvironment Environment(params (string Name, string? Value)[] variables) =>
        new(variables.ToDictionary(variable => variable.Name, variable => variable.Value));
}
