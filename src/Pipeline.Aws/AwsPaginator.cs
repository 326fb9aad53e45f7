using System.Runtime.CompilerServices;

namespace Pipeline.Aws;

/// <summary>Follows <c>NextToken</c> pagination of AWS list operations.</summary>
public static class AwsPaginator
{
    /// <summary>The most pages one enumeration reads before it assumes the service is looping.</summary>
    public const int MaxPages = 10_000;

    /// <summary>
    /// Yields every item of every page: calls <paramref name="fetchPage"/> with null, then with each
    /// page's next token until a page has none.
    /// </summary>
    /// <exception cref="InvalidOperationException">A page returned the token it was fetched with, or more than <see cref="MaxPages"/> pages were read.</exception>
    public static async IAsyncEnumerable<TItem> PaginateAsync<TPage, TItem>(
        Func<string?, CancellationToken, Task<TPage>> fetchPage,
        Func<TPage, IEnumerable<TItem>> items,
        Func<TPage, string?> nextToken,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fetchPage);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(nextToken);

        string? token = null;
        for (var pages = 1; ; pages++)
        {
            var page = await fetchPage(token, cancellationToken).ConfigureAwait(false);
            foreach (var item in items(page))
            {
                yield return item;
            }

            var next = nextToken(page);
            if (string.IsNullOrEmpty(next))
            {
                yield break;
            }

            if (next == token || pages >= MaxPages)
            {
                throw new InvalidOperationException(
                    $"Pagination stopped after {pages} pages because the service returned NextToken '{next}' again; the listing is incomplete.");
            }

            token = next;
        }
    }
}
