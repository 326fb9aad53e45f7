using System.Runtime.CompilerServices;
using Pipeline.Preprocessing.Internal.Reading;
using Pipeline.Preprocessing.Internal.Values;

namespace Pipeline.Preprocessing.Internal.Profiling;

/// <summary>What one cell holds, in the order <see cref="ColumnProfile.Classify"/> tests for it.</summary>
internal enum CellKind : byte
{
    Missing,
    Number,
    DateTime,
    Text,
}

/// <summary>Counts of one category: over all kept rows, and over training rows (which fitted encodings use).</summary>
internal sealed class CategoryCount
{
    public long All;
    public long Train;
}

/// <summary>
/// Statistics of one column gathered in the first pass: what its values look like (for type inference) over all
/// kept rows, and the sums, counts and categories of training rows (for imputation and encodings).
/// </summary>
internal sealed class ColumnProfile
{
    /// <summary>Distinct texts tracked per column; a categorical column with more is dropped as high-cardinality.</summary>
    public const int MaxDistinct = 10_000;

    /// <summary>Distinct numeric texts tracked while the column may still turn out numeric, which bounds memory for wide numeric files.</summary>
    public const int MaxDistinctNumbers = 1_000;

    private readonly Dictionary<string, CategoryCount> _categories = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CategoryCount>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly bool _trackAllNumbers;
    private long _distinctNumbers;
    private readonly ShortTextMap<CategoryCount> _short = new();
    private string? _lastKey;
    private CategoryCount? _lastCount;

    public ColumnProfile(string name, int index, bool trackAllNumbers, Reservoir? trainValues)
    {
        Name = name;
        Index = index;
        _trackAllNumbers = trackAllNumbers;
        _lookup = _categories.GetAlternateLookup<ReadOnlySpan<char>>();
        TrainValues = trainValues;
    }

    public string Name { get; }

    public int Index { get; }

    public long Missing { get; private set; }

    public long NonMissing { get; private set; }

    public long NumericCount { get; private set; }

    public long DateTimeCount { get; private set; }

    /// <summary>Whether more distinct values occurred than were tracked, so <see cref="Categories"/> is incomplete.</summary>
    public bool Overflow { get; private set; }

    public IReadOnlyDictionary<string, CategoryCount> Categories => _categories;

    /// <summary>The first value that is not a number, with its line, for error messages about mixed columns.</summary>
    public (long Line, string Value)? FirstNonNumeric { get; private set; }

    /// <summary>The first numeric value, with its line.</summary>
    public (long Line, string Value)? FirstNumeric { get; private set; }

    /// <summary>The first value that is not an ISO 8601 date (a number or other text), with its line.</summary>
    public (long Line, string Value)? FirstNonDateTime { get; private set; }

    public RunningStatistics Numbers { get; } = new();

    public RunningStatistics DateTimes { get; } = new();

    public long TrainRows { get; private set; }

    public long TrainMissing { get; private set; }

    public long TrainNumericCount { get; private set; }

    public double TrainNumericSum { get; private set; }

    public long TrainDateTimeCount { get; private set; }

    public double TrainDateTimeSum { get; private set; }

    /// <summary>A sample of training values (numbers, or Unix seconds for dates) for the median; null when no median is needed.</summary>
    public Reservoir? TrainValues { get; }

    /// <summary>What a cell holds, decided without touching the profile, so that worker threads can do it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CellKind Classify(ReadOnlySpan<char> value, NumberText numbers, MissingValues missing, out double number)
    {
        if (missing.IsMissing(value))
        {
            number = 0;
            return CellKind.Missing;
        }

        if (numbers.TryParse(value, out number))
        {
            return CellKind.Number;
        }

        return DateTimeText.TryParseUnixSeconds(value, out number) ? CellKind.DateTime : CellKind.Text;
    }

    /// <summary>Row flags for <see cref="AddRows"/>.</summary>
    public const byte Skipped = 0;
    public const byte Kept = 1;
    public const byte KeptForTraining = 2;

    /// <summary>
    /// Adds this column's cells of one batch in row order. <paramref name="rows"/> contains a flag per row of the batch
    /// (<see cref="Skipped"/>, <see cref="Kept"/> or <see cref="KeptForTraining"/>); <paramref name="kinds"/> and
    /// <paramref name="values"/> contain what <see cref="Classify"/> found, <paramref name="width"/> cells per row, this
    /// column's at <paramref name="slot"/>.
    /// </summary>
    /// <remarks>
    /// The cells are added one column at a time, so the counters and running statistics stay in locals through the
    /// loop and are stored once. The result is the same as adding the cells one by one in row order.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddRows(RowBatch batch, ReadOnlySpan<byte> rows, CellKind[] kinds, double[] values, int slot, int width)
    {
        long trainRows = 0, missing = 0, trainMissing = 0, nonMissing = 0;
        long numericCount = 0, trainNumericCount = 0, dateTimeCount = 0, trainDateTimeCount = 0;
        var trainNumericSum = TrainNumericSum;
        var trainDateTimeSum = TrainDateTimeSum;
        var numbers = Numbers.State;
        var dateTimes = DateTimes.State;
        var reservoir = TrainValues;
        var cell = slot - width;
        for (var row = 0; row < rows.Length; row++)
        {
            cell += width;
            var flag = rows[row];
            if (flag == Skipped)
            {
                continue;
            }

            var isTrain = flag == KeptForTraining;
            var kind = kinds[cell];
            if (isTrain)
            {
                trainRows++;
            }

            if (kind == CellKind.Missing)
            {
                missing++;
                if (isTrain)
                {
                    trainMissing++;
                }

                continue;
            }

            nonMissing++;
            var number = values[cell];
            if (kind == CellKind.Number)
            {
                numericCount++;
                if (FirstNumeric is null)
                {
                    FirstNumeric = (batch.LineOf(row), batch.Field(row, Index).ToString());
                    FirstNonDateTime ??= FirstNumeric;
                }

                numbers.Add(number);
                if (isTrain)
                {
                    trainNumericCount++;
                    trainNumericSum += number;
                    reservoir?.Add(number);
                }

                // The cell's text is read only while the column's values are still counted.
                if (Overflow)
                {
                    continue;
                }

                if (_trackAllNumbers || _distinctNumbers < MaxDistinctNumbers)
                {
                    Count(batch.Field(row, Index), isTrain, isNumber: true);
                }
                else
                {
                    Overflow = true;
                }

                continue;
            }

            FirstNonNumeric ??= (batch.LineOf(row), batch.Field(row, Index).ToString());
            if (kind == CellKind.Text)
            {
                FirstNonDateTime ??= (batch.LineOf(row), batch.Field(row, Index).ToString());
            }
            else
            {
                dateTimeCount++;
                dateTimes.Add(number);
                if (isTrain)
                {
                    trainDateTimeCount++;
                    trainDateTimeSum += number;
                    reservoir?.Add(number);
                }
            }

            if (!Overflow)
            {
                Count(batch.Field(row, Index), isTrain, isNumber: false);
            }
        }

        TrainRows += trainRows;
        Missing += missing;
        TrainMissing += trainMissing;
        NonMissing += nonMissing;
        NumericCount += numericCount;
        TrainNumericCount += trainNumericCount;
        TrainNumericSum = trainNumericSum;
        DateTimeCount += dateTimeCount;
        TrainDateTimeCount += trainDateTimeCount;
        TrainDateTimeSum = trainDateTimeSum;
        Numbers.State = numbers;
        DateTimes.State = dateTimes;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Count(ReadOnlySpan<char> value, bool isTrain, bool isNumber)
    {
        // Once a column has more distinct values than are tracked, its counts are partial and nothing reads them
        // (no distinct count, top values, mode or classes), so counting stops.
        if (Overflow)
        {
            return;
        }

        CategoryCount? found;
        if (ShortTextMap<CategoryCount>.Fits(value))
        {
            found = _short.Get(value);
            if (found is null)
            {
                found = Find(value, isNumber, out _);
                if (found is null)
                {
                    return;
                }

                _short.Set(value, found);
            }
        }
        else if (_lastCount is not null && value.SequenceEqual(_lastKey))
        {
            // Sorted or grouped files repeat a value on consecutive rows: comparing with the previous key skips hashing.
            found = _lastCount;
        }
        else
        {
            found = Find(value, isNumber, out var key);
            if (found is null)
            {
                return;
            }

            _lastKey = key;
            _lastCount = found;
        }

        found.All++;
        if (isTrain)
        {
            found.Train++;
        }
    }

    // The count of value, added if the column still tracks new values; null once it no longer does.
    private CategoryCount? Find(ReadOnlySpan<char> value, bool isNumber, out string? key)
    {
        if (_lookup.TryGetValue(value, out key, out var found))
        {
            return found;
        }

        if (Overflow || _categories.Count >= MaxDistinct)
        {
            Overflow = true;
            return null;
        }

        key = value.ToString();
        found = new CategoryCount();
        _categories[key] = found;
        if (isNumber)
        {
            _distinctNumbers++;
        }

        return found;
    }
}
