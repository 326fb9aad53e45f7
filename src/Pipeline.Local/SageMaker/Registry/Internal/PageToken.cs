using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Pipeline.Local.SageMaker;

/// <summary>
/// Pages through a sorted list with SageMaker's <c>MaxResults</c> and <c>NextToken</c>. The token is an
/// opaque string that encodes the offset of the next item.
/// </summary>
internal static class PageToken
{
    private const string Prefix = "local-page:";

    public static (IReadOnlyList<T> Page, string? NextToken) Slice<T>(IReadOnlyList<T> items, string? nextToken, int maxResults)
    {
        var offset = Decode(nextToken);
        var page = items.Skip(offset).Take(maxResults).ToList();
        var next = offset + page.Count < items.Count ? Encode(offset + page.Count) : null;
        return (page, next);
    }

    public static void AddTo(JsonObject response, string? nextToken)
    {
        if (nextToken is not null)
        {
            response["NextToken"] = nextToken;
        }
    }

    private static string Encode(int offset) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(Prefix + offset.ToString(CultureInfo.InvariantCulture)));

    private static int Decode(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return 0;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            if (text.StartsWith(Prefix, StringComparison.Ordinal)
                && int.TryParse(text.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
            {
                return offset;
            }
        }
        catch (FormatException)
        {
            // Falls through to the validation error below.
        }

        throw SageMakerRequest.ValidationError(token, "NextToken", "Member must be a token returned by an earlier call of the same operation");
    }
}
