namespace Pipeline.Aws;

/// <summary>
/// Retry settings of the JSON-protocol client. The defaults are those of the AWS SDKs' standard
/// retry mode: 3 attempts, exponential backoff with full jitter from a 100 ms base, capped at 20 s.
/// </summary>
public sealed record AwsRetryOptions
{
    /// <summary>The default settings.</summary>
    public static AwsRetryOptions Default { get; } = new();

    /// <summary>The number of attempts including the first; 1 disables retries. Default 3.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>The base of the exponential backoff. Default 100 ms.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The cap of one backoff delay. Default 20 s.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Throws when a setting is out of range, naming every invalid setting.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (MaxAttempts < 1)
        {
            problems.Add($"MaxAttempts is {MaxAttempts}; use 1 or more");
        }

        if (BaseDelay < TimeSpan.Zero)
        {
            problems.Add($"BaseDelay is {BaseDelay}; use zero or more");
        }

        if (MaxDelay < BaseDelay)
        {
            problems.Add($"MaxDelay {MaxDelay} is less than BaseDelay {BaseDelay}; raise MaxDelay");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid retry options: " + string.Join("; ", problems) + ".");
        }
    }
}
