using System.Collections;

namespace Pipeline.Aws;

/// <summary>
/// The settings the AWS clients read from environment variables: region, endpoint overrides and
/// static credentials. Constructed from the process environment (as on Lambda) or from a dictionary
/// (the local runtime passes a function's template variables).
/// </summary>
/// <remarks>
/// Endpoint resolution follows the AWS SDKs' service-specific endpoint setting:
/// <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c> first, then <c>AWS_ENDPOINT_URL</c>, else
/// <c>https://&lt;endpointPrefix&gt;.&lt;region&gt;.amazonaws.com</c>.
/// </remarks>
public sealed class AwsEnvironment
{
    /// <summary>The region used when neither <c>AWS_REGION</c> nor <c>AWS_DEFAULT_REGION</c> is set.</summary>
    public const string DefaultRegion = "us-east-1";

    private readonly Dictionary<string, string?> _variables;

    public AwsEnvironment(IReadOnlyDictionary<string, string?> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        _variables = new Dictionary<string, string?>(variables, StringComparer.Ordinal);
    }

    /// <summary>Reads the current process environment.</summary>
    public static AwsEnvironment FromProcess()
    {
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            variables[(string)entry.Key] = entry.Value as string;
        }

        return new AwsEnvironment(variables);
    }

    /// <summary>The variables this environment was built from.</summary>
    public IReadOnlyDictionary<string, string?> Variables => _variables;

    /// <summary>The region from <c>AWS_REGION</c>, then <c>AWS_DEFAULT_REGION</c>, else <see cref="DefaultRegion"/>.</summary>
    public string Region => Get("AWS_REGION") ?? Get("AWS_DEFAULT_REGION") ?? DefaultRegion;

    /// <summary>Returns the trimmed value of a variable, or null when it is unset or blank.</summary>
    public string? Get(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return _variables.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
    }

    /// <summary>
    /// Returns the endpoint override for <paramref name="service"/>
    /// (<c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c>, then <c>AWS_ENDPOINT_URL</c>), or null when none is set.
    /// </summary>
    /// <exception cref="InvalidOperationException">The override is not an absolute http or https URL.</exception>
    public Uri? GetEndpointOverride(AwsService service)
    {
        ArgumentNullException.ThrowIfNull(service);
        var name = "AWS_ENDPOINT_URL_" + service.EnvironmentSuffix;
        var value = Get(name);
        if (value is null)
        {
            name = "AWS_ENDPOINT_URL";
            value = Get(name);
        }

        if (value is null)
        {
            return null;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new InvalidOperationException(
                $"The endpoint override {name}='{value}' is not an absolute http or https URL. Set it to a URL such as http://127.0.0.1:4566, or unset it to use the AWS endpoint.");
        }

        return uri;
    }

    /// <summary>Returns the endpoint to call for <paramref name="service"/>: the override, else the regional AWS endpoint.</summary>
    public Uri ResolveEndpoint(AwsService service)
    {
        ArgumentNullException.ThrowIfNull(service);
        return GetEndpointOverride(service) ?? new Uri($"https://{service.EndpointPrefix}.{Region}.amazonaws.com/");
    }
}
