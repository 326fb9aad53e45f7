using System.Globalization;
using Pipeline.Preprocessing.Internal.Profiling;
using Pipeline.Preprocessing.Internal.Values;

namespace Pipeline.Preprocessing.Internal.Engine;

internal sealed partial class Planner
{
    /// <summary>The name of the one-hot indicator for categories outside the kept list.</summary>
    public const string OtherCategory = "__other__";

    private ColumnManifest PlanFeature(ColumnProfile profile)
    {
        var columnSpec = ColumnResolver.FindOverride(Spec, profile.Name, profile.Index) ?? new ColumnSpec();
        var statistics = Statistics(profile);
        var dropped = new ColumnManifest { Name = profile.Name, Index = profile.Index, Role = ColumnRole.Dropped, Type = ResolvedColumnType.Empty, Statistics = statistics };
        if (profile.NonMissing == 0)
        {
            return dropped with { DropReason = "every value is missing" };
        }

        var type = ResolveType(profile, columnSpec.Type);
        if (type == ResolvedColumnType.Categorical && profile.Overflow)
        {
            return dropped with
            {
                Type = type,
                DropReason = $"more than {ColumnProfile.MaxDistinct} distinct values (an identifier or free text); exclude it, or derive a coarser column before preprocessing",
            };
        }

        var missing = columnSpec.Missing ?? (type == ResolvedColumnType.Categorical ? Spec.Missing.Categorical : Spec.Missing.Numeric);
        var column = new ColumnManifest
        {
            Name = profile.Name,
            Index = profile.Index,
            Role = ColumnRole.Feature,
            Type = type,
            Missing = missing,
            Statistics = statistics,
        };
        return type switch
        {
            ResolvedColumnType.Categorical => PlanCategorical(profile, column, columnSpec, missing),
            _ => column with
            {
                Encoding = type == ResolvedColumnType.Numeric ? FeatureEncoding.Number : FeatureEncoding.UnixSeconds,
                FillValue = NumericFill(profile, type, missing, columnSpec.FillValue),
                Features = [profile.Name],
            },
        };
    }

    private ResolvedColumnType ResolveType(ColumnProfile profile, ColumnType declared)
    {
        var allNumeric = profile.NumericCount == profile.NonMissing;
        var allDates = profile.DateTimeCount == profile.NonMissing;
        switch (declared)
        {
            case ColumnType.Numeric when !allNumeric:
                throw NotA(profile, "a number", profile.FirstNonNumeric!.Value, "Fix the value, add it to input.missingValues, or set the column's type to \"categorical\".");
            case ColumnType.Numeric:
                return ResolvedColumnType.Numeric;
            case ColumnType.DateTime when !allDates:
                throw NotA(profile, "an ISO 8601 date", profile.FirstNonDateTime!.Value, "Write dates as yyyy-MM-dd or yyyy-MM-dd HH:mm[:ss], or set the column's type to \"categorical\".");
            case ColumnType.DateTime:
                return ResolvedColumnType.DateTime;
            case ColumnType.Categorical:
                return ResolvedColumnType.Categorical;
        }

        if (allNumeric)
        {
            return ResolvedColumnType.Numeric;
        }

        if (allDates)
        {
            return ResolvedColumnType.DateTime;
        }

        if (profile.NumericCount >= MostlyNumeric * profile.NonMissing)
        {
            var (line, value) = profile.FirstNonNumeric!.Value;
            var separator = value.FirstOrDefault(c => c is ',' or '.' or '\'' or ' ');
            var thousands = separator == default ? "" : $" If '{separator}' is a thousands separator, set input.thousandsSeparator to \"{separator}\".";
            throw new PreprocessingException(
                $"{_context.File} line {line}: column '{profile.Name}' holds numbers in {Invariant(profile.NumericCount)} of {Invariant(profile.NonMissing)} non-missing cells, but this cell is '{value}'.{thousands} " +
                $"If it marks a missing value, add it to input.missingValues; if the column is categorical, set columns.{profile.Name}.type to \"categorical\".",
                _context.File, line, profile.Index + 1, value);
        }

        return ResolvedColumnType.Categorical;
    }

    private PreprocessingException NotA(ColumnProfile profile, string expected, (long Line, string Value) first, string fix) =>
        new($"{_context.File} line {first.Line}: column '{profile.Name}' is declared {expected.Split(' ')[^1] switch { "number" => "numeric", _ => "datetime" }}, but the value '{first.Value}' is not {expected}. {fix}",
            _context.File, first.Line, profile.Index + 1, first.Value);

    private string? NumericFill(ColumnProfile profile, ResolvedColumnType type, MissingTreatment missing, string? fillValue)
    {
        var isDate = type == ResolvedColumnType.DateTime;
        var (count, sum) = isDate ? (profile.TrainDateTimeCount, profile.TrainDateTimeSum) : (profile.TrainNumericCount, profile.TrainNumericSum);
        switch (missing)
        {
            case MissingTreatment.Mean when count > 0 && !double.IsFinite(sum):
                throw new PreprocessingException(
                    $"{_context.File}: the sum of the training values of column '{profile.Name}' is beyond the range of a double (about 1.8e308), so their mean cannot be computed. Set columns.{profile.Name}.missing to \"median\".",
                    _context.File, null, profile.Index + 1, null);
            case MissingTreatment.Mean:
                return count == 0 ? null : NumberText.Format(sum / count);
            case MissingTreatment.Median:
                var median = profile.TrainValues?.Median() ?? double.NaN;
                return double.IsNaN(median) ? null : NumberText.Format(median);
            case MissingTreatment.Zero:
                return "0";
            case MissingTreatment.Constant:
                return ConstantNumber(profile, isDate, fillValue);
            case MissingTreatment.Mode:
                var mode = Mode(profile);
                if (mode is null)
                {
                    return null;
                }

                Span<char> scratch = stackalloc char[128];
                return isDate
                    ? DateTimeText.TryParseUnixSeconds(mode, out var seconds) ? NumberText.Format(seconds) : null
                    : _context.Numbers.TryNormalize(mode, scratch, out var normalized) ? normalized.ToString() : null;
            default:
                return null;
        }
    }

    private string ConstantNumber(ColumnProfile profile, bool isDate, string? fillValue)
    {
        if (fillValue is null)
        {
            return NumberText.Format(Spec.Missing.NumericFillValue);
        }

        if (double.TryParse(fillValue, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return NumberText.Format(number);
        }

        if (isDate && DateTimeText.TryParseUnixSeconds(fillValue, out var seconds))
        {
            return NumberText.Format(seconds);
        }

        throw new PreprocessingException(
            $"columns.{profile.Name}.fillValue '{fillValue}' is not a number{(isDate ? " or an ISO 8601 date" : "")}, but the column is {(isDate ? "datetime" : "numeric")}. Give a numeric fillValue.",
            _context.File, null, profile.Index + 1, fillValue);
    }

    /// <summary>The most frequent training value (ties broken by ordinal order).</summary>
    private string? Mode(ColumnProfile profile)
    {
        if (profile.Overflow)
        {
            throw new PreprocessingException(
                $"Column '{profile.Name}' has too many distinct values to find its mode (more than the {ColumnProfile.MaxDistinctNumbers} tracked). Use missing \"median\" or \"mean\" for this column.",
                _context.File, null, profile.Index + 1, null);
        }

        return profile.Categories
            .Where(pair => pair.Value.Train > 0)
            .OrderByDescending(pair => pair.Value.Train)
            .ThenBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => pair.Key)
            .FirstOrDefault();
    }
}
