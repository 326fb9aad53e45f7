using Pipeline.Preprocessing.Internal.Reading;
using Pipeline.Preprocessing.Internal.Values;

namespace Pipeline.Preprocessing.Internal.Engine;

/// <summary>
/// Applies the row filters to raw cell text. Numeric literals compare numerically and string literals by ordinal;
/// as in SQL, a missing cell matches no comparison (only <c>isMissing</c>), and a non-numeric cell matches no
/// numeric comparison.
/// </summary>
internal sealed class RowFilterEvaluator
{
    private readonly (int Column, RowFilter Filter)[] _filters;
    private readonly NumberText _numbers;
    private readonly MissingValues _missing;

    public RowFilterEvaluator(IEnumerable<(int Column, RowFilter Filter)> filters, NumberText numbers, MissingValues missing)
    {
        _filters = [.. filters];
        _numbers = numbers;
        _missing = missing;
    }

    public bool Matches(IRowSource row)
    {
        foreach (var (column, filter) in _filters)
        {
            if (!Matches(row[column], filter))
            {
                return false;
            }
        }

        return true;
    }

    private bool Matches(ReadOnlySpan<char> cell, RowFilter filter)
    {
        var missing = _missing.IsMissing(cell);
        switch (filter.Operator)
        {
            case FilterOperator.IsMissing:
                return missing;
            case FilterOperator.IsNotMissing:
                return !missing;
        }

        if (missing)
        {
            return false;
        }

        Span<char> scratch = stackalloc char[128];
        double? number = _numbers.TryNormalize(cell, scratch, out var normalized) ? NumberText.ParseNormalized(normalized) : null;
        return filter.Operator switch
        {
            FilterOperator.In => EqualsAny(cell, number, filter.Values),
            FilterOperator.NotIn => !EqualsAny(cell, number, filter.Values),
            FilterOperator.Equal => Equal(cell, number, filter.Values[0]),
            FilterOperator.NotEqual => Compare(cell, number, filter.Values[0]) is { } c && c != 0,
            FilterOperator.LessThan => Compare(cell, number, filter.Values[0]) < 0,
            FilterOperator.LessThanOrEqual => Compare(cell, number, filter.Values[0]) <= 0,
            FilterOperator.GreaterThan => Compare(cell, number, filter.Values[0]) > 0,
            FilterOperator.GreaterThanOrEqual => Compare(cell, number, filter.Values[0]) >= 0,
            _ => throw new InvalidOperationException($"Unknown filter operator {filter.Operator}."),
        };
    }

    private static bool EqualsAny(ReadOnlySpan<char> cell, double? number, IReadOnlyList<FilterValue> values)
    {
        foreach (var value in values)
        {
            if (Equal(cell, number, value))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Equal(ReadOnlySpan<char> cell, double? number, FilterValue value) => Compare(cell, number, value) == 0;

    private static int? Compare(ReadOnlySpan<char> cell, double? number, FilterValue value)
    {
        if (value.Number is { } literal)
        {
            return number is { } n ? n.CompareTo(literal) : null;
        }

        return Math.Sign(cell.CompareTo(value.Text, StringComparison.Ordinal));
    }
}
