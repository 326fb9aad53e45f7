using System.Text.Json.Nodes;

namespace Pipeline.Local.SageMaker;

/// <summary>The filter, sort and paging members that SageMaker's List operations share.</summary>
internal sealed record ListQuery(
    string? NameContains,
    DateTimeOffset? CreationTimeAfter,
    DateTimeOffset? CreationTimeBefore,
    string SortBy,
    bool Descending,
    int MaxResults,
    string? NextToken)
{
    // NOTE: SageMaker documents MaxResults as 1-100 without a default for every List operation; 100 is assumed.
    public const int DefaultMaxResults = 100;

    /// <param name="descendingByDefault">True for operations whose <c>SortOrder</c> defaults to <c>Descending</c> (ListModels, ListEndpoints).</param>
    /// <param name="sortKeys">The accepted <c>SortBy</c> values; default <c>CreationTime</c> and <c>Name</c>.</param>
    public static ListQuery Read(JsonObject request, bool descendingByDefault = false, params string[] sortKeys)
    {
        ArgumentNullException.ThrowIfNull(request);
        var keys = sortKeys.Length == 0 ? ["CreationTime", "Name"] : sortKeys;
        var defaultOrder = descendingByDefault ? "Descending" : "Ascending";
        return new ListQuery(
            SageMakerRequest.OptionalString(request, "NameContains"),
            SageMakerRequest.OptionalTime(request, "CreationTimeAfter"),
            SageMakerRequest.OptionalTime(request, "CreationTimeBefore"),
            SageMakerRequest.OptionalEnum(request, "SortBy", keys) ?? "CreationTime",
            (SageMakerRequest.OptionalEnum(request, "SortOrder", "Ascending", "Descending") ?? defaultOrder) == "Descending",
            SageMakerRequest.OptionalInt(request, "MaxResults", 1, 100) ?? DefaultMaxResults,
            SageMakerRequest.OptionalString(request, "NextToken"));
    }

    /// <summary>
    /// Filters by name and creation time and sorts; <paramref name="tieBreaker"/> orders items with the
    /// same sort key (versions of one group share a name).
    /// </summary>
    public IReadOnlyList<JsonObject> Apply(IEnumerable<JsonObject> items, Func<JsonObject, string> nameOf, Func<JsonObject, int> tieBreaker, Func<JsonObject, string>? statusOf = null)
    {
        var filtered = items.Where(item =>
        {
            var created = DateTimeOffset.UnixEpoch.AddTicks((long)((decimal)item["CreationTime"]! * TimeSpan.TicksPerSecond));
            return (NameContains is null || nameOf(item).Contains(NameContains, StringComparison.OrdinalIgnoreCase))
                && (CreationTimeAfter is null || created > CreationTimeAfter)
                && (CreationTimeBefore is null || created < CreationTimeBefore);
        });

        // The store returns items oldest first, and OrderBy is stable, so equal keys keep creation order.
        var sorted = SortBy switch
        {
            "Name" => filtered.OrderBy(nameOf, StringComparer.Ordinal).ThenBy(tieBreaker),
            "Status" when statusOf is not null => filtered.OrderBy(statusOf, StringComparer.Ordinal).ThenBy(tieBreaker),
            _ => filtered.OrderBy(item => (decimal)item["CreationTime"]!).ThenBy(tieBreaker),
        };
        var list = sorted.ToList();
        if (Descending)
        {
            list.Reverse();
        }

        return list;
    }
}
