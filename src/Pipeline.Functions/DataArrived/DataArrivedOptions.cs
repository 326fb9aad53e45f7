namespace Pipeline.Functions.DataArrived;

/// <summary>The settings of DataArrived, read from its environment variables.</summary>
public sealed record DataArrivedOptions
{
    /// <summary>The state machine to start (<c>STATE_MACHINE_ARN</c>, required).</summary>
    public string? StateMachineArn { get; init; }

    /// <summary>The prefix under which data files arrive, one folder per dataset (<c>INCOMING_PREFIX</c>, default <c>incoming/</c>).</summary>
    public string IncomingPrefix { get; init; } = "incoming/";

    /// <summary>The prefix of the dataset configurations, <c>&lt;prefix&gt;&lt;dataset&gt;.json</c> (<c>CONFIG_PREFIX</c>, default <c>config/</c>).</summary>
    public string ConfigPrefix { get; init; } = "config/";

    /// <summary>The region whose default training image is used (<c>AWS_REGION</c>, then <c>AWS_DEFAULT_REGION</c>); null means us-east-1.</summary>
    public string? Region { get; init; }

    /// <summary>
    /// The training image for configurations that name none (<c>DEFAULT_TRAINING_IMAGE</c>, which the template
    /// sets per Region); null means the SageMaker XGBoost 1.7-1 image of <see cref="Region"/>.
    /// </summary>
    public string? DefaultTrainingImage { get; init; }

    /// <summary>Reads the options from environment variables.</summary>
    public static DataArrivedOptions FromEnvironment(IReadOnlyDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return new DataArrivedOptions
        {
            StateMachineArn = Get(environment, "STATE_MACHINE_ARN"),
            Region = Get(environment, "AWS_REGION") ?? Get(environment, "AWS_DEFAULT_REGION"),
            DefaultTrainingImage = Get(environment, "DEFAULT_TRAINING_IMAGE"),
            IncomingPrefix = NormalizePrefix(Get(environment, "INCOMING_PREFIX") ?? "incoming/"),
            ConfigPrefix = NormalizePrefix(Get(environment, "CONFIG_PREFIX") ?? "config/"),
        };
    }

    internal static string? Get(IReadOnlyDictionary<string, string?> environment, string name) =>
        environment.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    /// <summary>Removes a leading slash and adds a trailing one, so <c>incoming</c> and <c>/incoming/</c> both mean <c>incoming/</c>.</summary>
    internal static string NormalizePrefix(string prefix)
    {
        prefix = prefix.TrimStart('/');
        return prefix.Length == 0 || prefix.EndsWith('/') ? prefix : prefix + "/";
    }
}
