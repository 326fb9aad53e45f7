using Pipeline.Preprocessing.Internal.Profiling;

namespace Pipeline.Preprocessing.Internal.Engine;

internal sealed partial class Planner
{
    /// <summary>
    /// Chooses the categories of a categorical column from training rows. One-hot keeps the most frequent
    /// <c>maxCategories</c> (ties by ordinal order) and adds an <c>__other__</c> indicator when any category was cut;
    /// ordinal keeps every category. Categories are listed in sorted order unless the specification lists them.
    /// </summary>
    private ColumnManifest PlanCategorical(ColumnProfile profile, ColumnManifest column, ColumnSpec columnSpec, MissingTreatment missing)
    {
        if (missing is MissingTreatment.Mean or MissingTreatment.Median or MissingTreatment.Zero)
        {
            throw new PreprocessingException(
                $"Column '{profile.Name}' is categorical, but its missing treatment is \"{missing.ToString().ToLowerInvariant()}\", which applies to numbers. Use \"keep\", \"mode\", \"constant\", \"dropRow\" or \"fail\" for columns.{profile.Name}.missing.",
                _context.File, null, profile.Index + 1, null);
        }

        var fill = missing switch
        {
            MissingTreatment.Mode => Mode(profile),
            MissingTreatment.Constant => columnSpec.FillValue ?? Spec.Missing.CategoricalFillValue,
            _ => null,
        };
        var maxCategories = columnSpec.MaxCategories ?? Spec.Categorical.MaxCategories;
        var frequent = profile.Categories
            .Where(pair => pair.Value.Train >= Spec.Categorical.MinFrequency)
            .OrderByDescending(pair => pair.Value.Train)
            .ThenBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => pair.Key)
            .ToList();
        var seenAnywhere = profile.Categories.Count;

        List<string> categories;
        if (columnSpec.Categories is { } declared)
        {
            categories = [.. declared];
        }
        else
        {
            categories = frequent;
        }

        if (fill is not null && !categories.Contains(fill, StringComparer.Ordinal))
        {
            categories.Add(fill);
        }

        var encoding = (columnSpec.Encoding ?? Spec.Categorical.Encoding) switch
        {
            CategoricalEncoding.Auto => categories.Count <= maxCategories ? FeatureEncoding.OneHot : FeatureEncoding.Ordinal,
            CategoricalEncoding.OneHot => FeatureEncoding.OneHot,
            _ => FeatureEncoding.Ordinal,
        };

        var other = false;
        if (encoding == FeatureEncoding.OneHot)
        {
            if (categories.Count > maxCategories)
            {
                categories = [.. categories.Take(maxCategories)];
            }

            // An "other" indicator only when some value seen in the data has no indicator of its own.
            other = seenAnywhere > categories.Count(category => profile.Categories.ContainsKey(category));
        }

        if (columnSpec.Categories is null)
        {
            var numeric = categories.All(category => _context.Numbers.IsNumber(category));
            categories = SortCategories(categories, numeric);
        }

        List<string> features = encoding == FeatureEncoding.OneHot
            ? [.. categories.Select(category => $"{profile.Name}={category}"), .. other ? [$"{profile.Name}={OtherCategory}"] : Array.Empty<string>()]
            : [profile.Name];
        return column with
        {
            Encoding = encoding,
            FillValue = fill,
            Categories = categories,
            OtherIndicator = other,
            Features = features,
        };
    }
}
