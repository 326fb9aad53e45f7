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
}
