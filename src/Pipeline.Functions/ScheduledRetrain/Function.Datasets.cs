using Pipeline.Aws.Storage;
using Pipeline.Functions.Configuration;
using Pipeline.Functions.DataArrived;

namespace Pipeline.Functions.ScheduledRetrain;

public sealed partial class Function
{
    /// <summary>
    /// Lists <c>INCOMING_PREFIX</c> and returns, per dataset, the non-empty <c>.csv</c> object with the latest
    /// LastModified (the greater key on a tie), with the datasets that have none and why. The keys counted
    /// are the ones DataArrived acts on: <c>INCOMING_PREFIX&lt;dataset&gt;/...csv</c> with a valid dataset name.
    /// </summary>
    private async Task<(List<(string Dataset, ObjectSummary Newest)> Candidates, List<SkippedObject> Skipped)> FindNewestObjectsAsync(CancellationToken cancellationToken)
    {
        var prefix = _options.IncomingPrefix;
        var newest = new SortedDictionary<string, ObjectSummary>(StringComparer.Ordinal);
        var invalidFolders = new SortedSet<string>(StringComparer.Ordinal);
        var selected = _options.Datasets.ToHashSet(StringComparer.Ordinal);
        await foreach (var item in _storage.Value.ListObjectsAsync(_options.DataBucket!, prefix, cancellationToken).ConfigureAwait(false))
        {
            var rest = item.Key[prefix.Length..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            if (slash <= 0 || item.Key.EndsWith('/') || !item.Key.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || item.Size == 0)
            {
                continue;
            }

            var dataset = rest[..slash];
            if (!SageMakerNames.IsValidDatasetName(dataset))
            {
                invalidFolders.Add(dataset);
                continue;
            }

            if (selected.Count > 0 && !selected.Contains(dataset))
            {
                continue;
            }

            if (!newest.TryGetValue(dataset, out var known) || IsNewer(item, known))
            {
                newest[dataset] = item;
            }
        }

        var skipped = invalidFolders
            .Select(folder => new SkippedObject(prefix + folder + "/", $"the dataset folder '{folder}' is not a valid dataset name: {SageMakerNames.DatasetNameRule}"))
            .ToList();
        foreach (var dataset in _options.Datasets.Where(dataset => !newest.ContainsKey(dataset)).Order(StringComparer.Ordinal))
        {
            skipped.Add(new SkippedObject(prefix + dataset + "/", $"the dataset has no non-empty .csv file under {prefix}{dataset}/"));
        }

        return (newest.Select(pair => (pair.Key, pair.Value)).ToList(), skipped);
    }

    private static bool IsNewer(ObjectSummary candidate, ObjectSummary known) =>
        candidate.LastModified > known.LastModified
        || (candidate.LastModified == known.LastModified && string.CompareOrdinal(candidate.Key, known.Key) > 0);
}
