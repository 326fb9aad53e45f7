namespace Pipeline.Preprocessing;

/// <summary>What a column became in the output.</summary>
public enum ColumnRole
{
    Feature,
    Target,

    /// <summary>Left out by <c>features</c> or <c>exclude</c>.</summary>
    Excluded,

    /// <summary>Left out by the engine; <see cref="ColumnManifest.DropReason"/> says why.</summary>
    Dropped,
}

/// <summary>The type a column was read as (inferred or overridden).</summary>
public enum ResolvedColumnType
{
    Numeric,
    Categorical,
    DateTime,

    /// <summary>Every value is missing.</summary>
    Empty,
}

/// <summary>How a feature column is turned into output features.</summary>
public enum FeatureEncoding
{
    /// <summary>The number itself (one feature).</summary>
    Number,

    /// <summary>Unix seconds (one feature).</summary>
    UnixSeconds,

    /// <summary>One 0/1 indicator per category, plus an <c>other</c> indicator when the category list was capped.</summary>
    OneHot,

    /// <summary>The category's position in <see cref="ColumnManifest.Categories"/> (one feature); unseen values are missing.</summary>
    Ordinal,
}

/// <summary>Statistics of a column over the rows kept (after filters, deduplication and missing-target removal).</summary>
public sealed record ColumnStatistics
{
    public long Count { get; init; }

    public long Missing { get; init; }

    /// <summary>Distinct values, or null when there were more than the engine tracks (10,000).</summary>
    public long? Distinct { get; init; }

    public double? Min { get; init; }

    public double? Max { get; init; }

    public double? Mean { get; init; }

    public double? StandardDeviation { get; init; }

    /// <summary>The most frequent values, most frequent first (at most 10); empty when <see cref="Distinct"/> is null.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> TopValues { get; init; } = [];
}

/// <summary>One input column: its type, role, encoding and fitted values.</summary>
public sealed record ColumnManifest
{
    public required string Name { get; init; }

    /// <summary>The 0-based position in the input.</summary>
    public required int Index { get; init; }

    public required ColumnRole Role { get; init; }

    public required ResolvedColumnType Type { get; init; }

    public string? DropReason { get; init; }

    public FeatureEncoding? Encoding { get; init; }

    public MissingTreatment? Missing { get; init; }

    /// <summary>The value written for a missing cell (a number as text, or a category); null leaves it missing.</summary>
    public string? FillValue { get; init; }

    /// <summary>Categories in indicator order (one-hot) or code order (ordinal).</summary>
    public IReadOnlyList<string>? Categories { get; init; }

    /// <summary>Whether a one-hot column has a final indicator for categories outside <see cref="Categories"/>.</summary>
    public bool OtherIndicator { get; init; }

    /// <summary>The names of the output features this column produces, in order.</summary>
    public IReadOnlyList<string> Features { get; init; } = [];

    /// <summary>The 0-based position of this column's first feature among all features (the label excluded).</summary>
    public int FirstFeature { get; init; }

    public ColumnStatistics? Statistics { get; init; }
}

/// <summary>The label column and, for a categorical target, its classes (class id = position).</summary>
public sealed record TargetManifest
{
    public required string Name { get; init; }

    public required int Index { get; init; }

    /// <summary><see cref="TargetType.Numeric"/> or <see cref="TargetType.Categorical"/>.</summary>
    public required TargetType Type { get; init; }

    public IReadOnlyList<string>? Classes { get; init; }
}

/// <summary>Row counts of a run.</summary>
public sealed record RowCounts
{
    /// <summary>Data rows read from the input (the header and blank lines not counted).</summary>
    public long Read { get; init; }

    public long Filtered { get; init; }

    public long Duplicates { get; init; }

    public long MissingTarget { get; init; }

    /// <summary>Rows dropped because a column with the <c>dropRow</c> treatment was missing.</summary>
    public long MissingValues { get; init; }

    public long Train { get; init; }

    public long Validation { get; init; }

    public long Test { get; init; }
}
