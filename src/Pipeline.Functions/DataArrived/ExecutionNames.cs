using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Pipeline.Functions.Configuration;

namespace Pipeline.Functions.DataArrived;

/// <summary>
/// The deterministic names DataArrived gives an execution and its SageMaker resources, derived from
/// the object (bucket, key, and version id or ETag), so a repeated event yields the same names.
/// </summary>
public static class ExecutionNames
{
    /// <summary>The maximum length of a Step Functions execution name.</summary>
    public const int MaxExecutionNameLength = 80;

    /// <summary>
    /// Returns the hex SHA-256 of <c>bucket/key/versionOrETag</c>, the identity of one object version.
    /// </summary>
    public static string ObjectHash(string bucket, string key, string versionOrETag)
    {
        ArgumentNullException.ThrowIfNull(bucket);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(versionOrETag);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{bucket}/{key}/{versionOrETag}")));
    }

    /// <summary>
    /// Returns the hex SHA-256 of an object hash and the dataset configuration's text: the identity of one run.
    /// A repeated event with the same configuration gets the same name, so it starts nothing new. After the
    /// configuration is fixed, uploading the same data file again starts a new execution.
    /// </summary>
    public static string RunHash(string objectHash, string configurationText)
    {
        ArgumentNullException.ThrowIfNull(objectHash);
        ArgumentNullException.ThrowIfNull(configurationText);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{objectHash}\n{configurationText}")));
    }

    /// <summary>
    /// Returns the hex SHA-256 of a run hash and the identity of one schedule invocation (its rule and scheduled
    /// time). Each invocation of a schedule gets its own name, and an invocation that EventBridge delivers again
    /// gets the same name, so it starts nothing new.
    /// </summary>
    public static string ScheduledRunHash(string runHash, string scheduleId)
    {
        ArgumentNullException.ThrowIfNull(runHash);
        ArgumentNullException.ThrowIfNull(scheduleId);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{runHash}\nschedule {scheduleId}")));
    }

    /// <summary>
    /// Returns <c>&lt;dataset&gt;-&lt;first 16 hex of the object hash&gt;</c>, with characters outside
    /// <c>[A-Za-z0-9-_]</c> replaced by hyphens and the dataset part shortened to fit 80 characters.
    /// </summary>
    public static string ExecutionName(string dataset, string objectHash)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(objectHash);
        var suffix = "-" + objectHash[..16];
        var builder = new StringBuilder(dataset.Length);
        foreach (var c in dataset)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-');
        }

        var prefix = builder.ToString();
        if (prefix.Length > MaxExecutionNameLength - suffix.Length)
        {
            prefix = prefix[..(MaxExecutionNameLength - suffix.Length)];
        }

        return (prefix.Length == 0 ? "dataset" : prefix) + suffix;
    }

    /// <summary>
    /// Returns <c>&lt;dataset&gt;-&lt;yyyyMMddHHmmss&gt;-&lt;6 hex&gt;</c>, a valid SageMaker name of at most 63 characters;
    /// the 6 hex digits are characters 16 to 21 of the object hash.
    /// </summary>
    public static string TrainingJobName(string dataset, DateTimeOffset time, string objectHash)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(objectHash);
        var suffix = string.Create(CultureInfo.InvariantCulture, $"-{time.UtcDateTime:yyyyMMddHHmmss}-{objectHash[16..22]}");
        return SageMakerNames.Sanitize(dataset, SageMakerNames.MaxLength - suffix.Length) + suffix;
    }
}
