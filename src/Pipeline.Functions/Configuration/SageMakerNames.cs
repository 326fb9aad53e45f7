using System.Text;
using System.Text.RegularExpressions;

namespace Pipeline.Functions.Configuration;

/// <summary>
/// The naming rules of SageMaker resources (training jobs, models, endpoints, model package groups):
/// 1-63 characters matching <c>^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$</c>.
/// </summary>
public static partial class SageMakerNames
{
    /// <summary>The maximum length of a SageMaker resource name.</summary>
    public const int MaxLength = 63;

    /// <summary>Whether <paramref name="name"/> is a valid SageMaker resource name.</summary>
    public static bool IsValid(string? name) => name is not null && name.Length <= MaxLength && NamePattern().IsMatch(name);

    /// <summary>
    /// Turns <paramref name="value"/> into a valid name of at most <paramref name="maxLength"/> characters:
    /// characters other than ASCII letters and digits become hyphens, and leading or trailing hyphens
    /// are removed. Returns <paramref name="fallback"/> when nothing is left.
    /// </summary>
    public static string Sanitize(string value, int maxLength = MaxLength, string fallback = "dataset")
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
        }

        var name = builder.ToString().Trim('-');
        if (name.Length > maxLength)
        {
            name = name[..maxLength].TrimEnd('-');
        }

        return name.Length == 0 ? fallback : name;
    }

    [GeneratedRegex("^[a-zA-Z0-9](-*[a-zA-Z0-9])*$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    /// <summary>The dataset naming rule, worded for error messages.</summary>
    public const string DatasetNameRule = "use up to 40 lowercase letters, digits and hyphens, starting with a letter or digit";

    /// <summary>
    /// Whether <paramref name="dataset"/> is a valid dataset name. Dataset names become part of SageMaker resource
    /// names, so folders that differ only in case or punctuation must not both be accepted.
    /// </summary>
    public static bool IsValidDatasetName(string dataset) =>
        dataset.Length is > 0 and <= 40
        && char.IsAsciiLetterOrDigit(dataset[0])
        && dataset.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');
}
