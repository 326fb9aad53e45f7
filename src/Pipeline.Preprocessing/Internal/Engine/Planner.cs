using System.Globalization;
using Pipeline.Preprocessing.Internal.Profiling;
using Pipeline.Preprocessing.Internal.Values;

namespace Pipeline.Preprocessing.Internal.Engine;

/// <summary>
/// Decides, from the first pass's profiles, each column's type, encoding and missing-value fill, and the target's
/// classes. Everything it decides is recorded in the manifest, from which the encoders are built.
/// </summary>
/// <remarks>
/// Type inference for a column without a type override:
/// | values (ignoring missing ones)          | type                                   |
/// |-----------------------------------------|----------------------------------------|
/// | none                                    | empty (column dropped)                 |
/// | all numbers                             | numeric                                |
/// | all ISO dates or date-times             | datetime                               |
/// | at least 95 % numbers, some text        | error naming the first text value      |
/// | otherwise                               | categorical                            |
/// </remarks>
internal sealed partial class Planner
{
    /// <summary>Share of numeric values above which a column with some text is reported as a likely data error.</summary>
    private const double MostlyNumeric = 0.95;

    private const int TopValueCount = 10;

    private readonly RunContext _context;

    public Planner(RunContext context) => _context = context;

    public PreprocessingSpec Spec => _context.Spec;

    public (TargetManifest Target, List<ColumnManifest> Columns) Plan(IReadOnlyDictionary<int, ColumnProfile> profiles)
    {
        var target = PlanTarget(profiles[_context.TargetIndex]);
        var columns = new List<ColumnManifest>();
        var plannedFeatures = new Dictionary<int, ColumnManifest>();
        foreach (var index in _context.FeatureIndexes)
        {
            plannedFeatures[index] = PlanFeature(profiles[index]);
        }

        // Features get their positions in output order, which is the order of the features list when one is given.
        var next = 0;
        foreach (var index in _context.FeatureIndexes)
        {
            var planned = plannedFeatures[index];
            if (planned.Role == ColumnRole.Feature)
            {
                plannedFeatures[index] = planned with { FirstFeature = next };
                next += planned.Features.Count;
            }
        }

        for (var i = 0; i < _context.ColumnNames.Count; i++)
        {
            if (i == _context.TargetIndex)
            {
                columns.Add(new ColumnManifest
                {
                    Name = target.Name,
                    Index = i,
                    Role = ColumnRole.Target,
                    Type = target.Type == TargetType.Numeric ? ResolvedColumnType.Numeric : ResolvedColumnType.Categorical,
                    Statistics = Statistics(profiles[i]),
                });
            }
            else if (plannedFeatures.TryGetValue(i, out var feature))
            {
                columns.Add(feature);
            }
            else
            {
                columns.Add(new ColumnManifest { Name = _context.ColumnNames[i], Index = i, Role = ColumnRole.Excluded, Type = ResolvedColumnType.Empty });
            }
        }

        return (target, columns);
    }

    private TargetManifest PlanTarget(ColumnProfile profile)
    {
        var allNumeric = profile.NumericCount == profile.NonMissing;
        var type = Spec.TargetType switch
        {
            TargetType.Auto => allNumeric ? TargetType.Numeric : TargetType.Categorical,
            var declared => declared,
        };
        if (profile.NonMissing == 0)
        {
            throw new PreprocessingException(
                $"The target column '{profile.Name}' has no values in the rows kept. Check the target name, the filters and input.missingValues.",
                _context.File, null, profile.Index + 1, null);
        }

        if (type == TargetType.Numeric)
        {
            if (!allNumeric)
            {
                var (line, value) = profile.FirstNonNumeric!.Value;
                throw new PreprocessingException(
                    $"{_context.File} line {line}: the target column '{profile.Name}' has the value '{value}', which is not a number. Set targetType to \"categorical\" to map text labels to class ids, or fix the value.",
                    _context.File, line, profile.Index + 1, value);
            }

            return new TargetManifest { Name = profile.Name, Index = profile.Index, Type = TargetType.Numeric };
        }

        return new TargetManifest { Name = profile.Name, Index = profile.Index, Type = TargetType.Categorical, Classes = Classes(profile, allNumeric) };
    }

    private List<string> Classes(ColumnProfile profile, bool allNumeric)
    {
        if (profile.Overflow)
        {
            throw new PreprocessingException(
                $"The target column '{profile.Name}' has more than {ColumnProfile.MaxDistinct} distinct values, too many for classes. For regression set targetType to \"numeric\".",
                _context.File, null, profile.Index + 1, null);
        }

        if (Spec.Classes is { } declared)
        {
            var unknown = profile.Categories.Keys.Where(value => !declared.Contains(value, StringComparer.Ordinal)).Order(StringComparer.Ordinal).ToList();
            if (unknown.Count > 0)
            {
                throw new PreprocessingException(
                    $"The target column '{profile.Name}' has values not listed in classes: {string.Join(", ", unknown.Take(10).Select(value => $"'{value}'"))}. Add them to classes or filter those rows out.",
                    _context.File, null, profile.Index + 1, unknown[0]);
            }

            return [.. declared];
        }

        return SortCategories(profile.Categories.Keys, allNumeric);
    }

    private List<string> SortCategories(IEnumerable<string> values, bool numeric)
    {
        return numeric
            ? [.. values.OrderBy(value => Parse(value)).ThenBy(value => value, StringComparer.Ordinal)]
            : [.. values.Order(StringComparer.Ordinal)];

        double Parse(string value)
        {
            Span<char> scratch = stackalloc char[128];
            return _context.Numbers.TryNormalize(value, scratch, out var normalized) ? NumberText.ParseNormalized(normalized) : double.NaN;
        }
    }

    private ColumnStatistics? Statistics(ColumnProfile profile)
    {
        if (!Spec.Profile)
        {
            return null;
        }

        var numbers = profile.NumericCount > 0 && profile.NumericCount == profile.NonMissing ? profile.Numbers
            : profile.DateTimeCount > 0 && profile.DateTimeCount == profile.NonMissing ? profile.DateTimes
            : null;
        return new ColumnStatistics
        {
            Count = profile.NonMissing + profile.Missing,
            Missing = profile.Missing,
            Distinct = profile.Overflow ? null : profile.Categories.Count,
            Min = Finite(numbers?.Min),
            Max = Finite(numbers?.Max),
            Mean = Finite(numbers?.Mean),
            StandardDeviation = Finite(numbers?.StandardDeviation),
            TopValues = profile.Overflow ? [] :
            [
                .. profile.Categories
                    .OrderByDescending(pair => pair.Value.All)
                    .ThenBy(pair => pair.Key, StringComparer.Ordinal)
                    .Take(TopValueCount)
                    .Select(pair => KeyValuePair.Create(pair.Key, pair.Value.All)),
            ],
        };
    }

    // A statistic outside the range of a double (the squared deviations of values near 1e200 overflow) is left out:
    // JSON has no infinity.
    private static double? Finite(double? value) => value is { } number && !double.IsFinite(number) ? null : value;

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
