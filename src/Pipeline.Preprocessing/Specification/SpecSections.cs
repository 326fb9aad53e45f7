namespace Pipeline.Preprocessing;

/// <summary>How the input file is read.</summary>
public sealed record InputSpec
{
    public InputFormat Format { get; init; } = InputFormat.Auto;

    /// <summary>Whether the first CSV line is a header; null means true when the target is given by name.</summary>
    public bool? Header { get; init; }

    public char Delimiter { get; init; } = ',';

    /// <summary>The quote character; null disables quote parsing.</summary>
    public char? Quote { get; init; } = '"';

    /// <summary>The text encoding name (<c>utf-8</c>, <c>utf-8-sig</c>, <c>utf-16</c>, <c>latin-1</c>, <c>windows-1252</c>, ...). A byte order mark is always honored and removed.</summary>
    public string Encoding { get; init; } = "utf-8";

    /// <summary>A thousands separator removed from numbers (<c>"1,364"</c> becomes 1364); null keeps such values as text.</summary>
    public char? ThousandsSeparator { get; init; }

    public char DecimalSeparator { get; init; } = '.';

    /// <summary>Cell values read as missing (compared after trimming spaces); pandas' default list.</summary>
    public IReadOnlyList<string> MissingValues { get; init; } = DefaultMissingValues;

    /// <summary>Removes leading and trailing spaces of every value.</summary>
    public bool TrimSpaces { get; init; } = true;

    /// <summary>pandas' default <c>na_values</c>, so files read the same way here as in a notebook.</summary>
    public static IReadOnlyList<string> DefaultMissingValues { get; } =
    [
        "", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN",
        "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null",
    ];
}

/// <summary>An override for one column.</summary>
public sealed record ColumnSpec
{
    public ColumnType Type { get; init; } = ColumnType.Auto;

    /// <summary>Missing-value treatment; null uses <see cref="MissingValueSpec"/> for the column's type.</summary>
    public MissingTreatment? Missing { get; init; }

    /// <summary>The value used by <see cref="MissingTreatment.Constant"/> (a number for numeric columns).</summary>
    public string? FillValue { get; init; }

    /// <summary>Categorical encoding; null uses <see cref="CategoricalSpec.Encoding"/>.</summary>
    public CategoricalEncoding? Encoding { get; init; }

    /// <summary>The one-hot cap for this column; null uses <see cref="CategoricalSpec.MaxCategories"/>.</summary>
    public int? MaxCategories { get; init; }

    /// <summary>Explicit categories in code order (ordinal) or indicator order (one-hot); others count as unseen.</summary>
    public IReadOnlyList<string>? Categories { get; init; }
}

/// <summary>Default missing-value treatments per column type.</summary>
public sealed record MissingValueSpec
{
    /// <summary>Numeric columns: <c>keep</c> leaves the cell empty, which XGBoost reads as missing.</summary>
    public MissingTreatment Numeric { get; init; } = MissingTreatment.Keep;

    /// <summary>Categorical columns: <c>keep</c> writes all indicators 0 (one-hot) or an empty cell (ordinal).</summary>
    public MissingTreatment Categorical { get; init; } = MissingTreatment.Keep;

    public double NumericFillValue { get; init; }

    public string CategoricalFillValue { get; init; } = "missing";
}

/// <summary>Default categorical encoding.</summary>
public sealed record CategoricalSpec
{
    public CategoricalEncoding Encoding { get; init; } = CategoricalEncoding.Auto;

    /// <summary>The one-hot cap: at most this many indicator columns, plus one <c>other</c> indicator when more categories exist.</summary>
    public int MaxCategories { get; init; } = 20;

    /// <summary>Categories seen in fewer training rows than this are treated as <c>other</c> (one-hot) or unseen (ordinal).</summary>
    public int MinFrequency { get; init; } = 1;
}

/// <summary>A row filter: <c>{ "column": "distance", "operator": "&gt;=", "value": 100 }</c>.</summary>
public sealed record RowFilter
{
    public required ColumnReference Column { get; init; }

    public required FilterOperator Operator { get; init; }

    /// <summary>Comparison values: one for comparisons, any number for <c>in</c>/<c>notIn</c>, none for the missing tests.</summary>
    public IReadOnlyList<FilterValue> Values { get; init; } = [];
}

/// <summary>A literal in a filter: numbers compare numerically, strings compare by ordinal.</summary>
public sealed record FilterValue(string Text, double? Number);

/// <summary>The train/validation/test fractions and the hash seed.</summary>
public sealed record SplitSpec
{
    public double Train { get; init; } = 0.8;

    public double Validation { get; init; } = 0.2;

    public double Test { get; init; }

    /// <summary>Mixed into every row's hash, so a different seed gives a different but still stable split.</summary>
    public long Seed { get; init; } = 42;
}

/// <summary>The training data format written for each split.</summary>
public sealed record OutputSpec
{
    public OutputFormat Format { get; init; } = OutputFormat.Csv;
}
