using Amazon.Runtime;
using Amazon.Runtime.Credentials;

namespace Pipeline.Aws;

/// <summary>
/// Supplies the credentials that sign requests. Resolution happens on first use, so constructing a
/// client never fails for lack of credentials.
/// </summary>
/// <remarks>
/// <see cref="FromEnvironment"/> decides, in order:
/// <list type="number">
/// <item><c>AWS_ACCESS_KEY_ID</c> and <c>AWS_SECRET_ACCESS_KEY</c> (with <c>AWS_SESSION_TOKEN</c> when set) in the given environment;</item>
/// <item>when every endpoint the caller uses is overridden to a loopback address (a local emulator such as
/// the pipeline's local runtime or LocalStack), fixed placeholder credentials, so no credential provider
/// is consulted and no instance metadata service is contacted;</item>
/// <item>otherwise AWSSDK.Core's default chain (<see cref="DefaultAWSCredentialsIdentityResolver"/>):
/// environment variables, profiles, SSO, web identity, container and instance credentials.</item>
/// </list>
/// </remarks>
public sealed class AwsCredentialsSource
{
    /// <summary>The access key id of the placeholder credentials used for loopback endpoints.</summary>
    public const string LocalAccessKeyId = "local";

    private readonly Lazy<AWSCredentials> _credentials;

    public AwsCredentialsSource(AWSCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        _credentials = new Lazy<AWSCredentials>(credentials);
        Description = credentials.GetType().Name;
    }

    private AwsCredentialsSource(Func<AWSCredentials> factory, string description)
    {
        _credentials = new Lazy<AWSCredentials>(factory, LazyThreadSafetyMode.ExecutionAndPublication);
        Description = description;
    }

    /// <summary>Where the credentials come from, for logs: never the keys themselves.</summary>
    public string Description { get; }

    /// <summary>Chooses the credentials for clients of <paramref name="services"/> as the remarks describe.</summary>
    public static AwsCredentialsSource FromEnvironment(AwsEnvironment environment, params IReadOnlyList<AwsService> services)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(services);

        var accessKey = environment.Get("AWS_ACCESS_KEY_ID");
        var secretKey = environment.Get("AWS_SECRET_ACCESS_KEY");
        if (accessKey is not null && secretKey is not null)
        {
            var token = environment.Get("AWS_SESSION_TOKEN");
            AWSCredentials credentials = token is null
                ? new BasicAWSCredentials(accessKey, secretKey)
                : new SessionAWSCredentials(accessKey, secretKey, token);
            return new AwsCredentialsSource(() => credentials, "environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
        }

        if (services.Count > 0 && services.All(service => environment.GetEndpointOverride(service) is { IsLoopback: true }))
        {
            return new AwsCredentialsSource(
                () => new BasicAWSCredentials(LocalAccessKeyId, LocalAccessKeyId),
                "placeholder credentials for loopback endpoints");
        }

        return new AwsCredentialsSource(
            () => DefaultAWSCredentialsIdentityResolver.GetCredentials(),
            "the AWS SDK default credential chain");
    }

    /// <summary>Returns the resolved credentials object, resolving it on first call.</summary>
    public AWSCredentials GetAwsCredentials()
    {
        try
        {
            return _credentials.Value;
        }
        catch (AmazonClientException exception)
        {
            throw new InvalidOperationException(
                "No AWS credentials were found. Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, configure a profile, or run with an IAM role.",
                exception);
        }
    }

    /// <summary>Returns the current key pair and session token.</summary>
    public async Task<ImmutableCredentials> GetCredentialsAsync()
    {
        return await GetAwsCredentials().GetCredentialsAsync().ConfigureAwait(false);
    }
}
