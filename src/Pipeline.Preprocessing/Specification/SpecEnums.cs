namespace Pipeline.Preprocessing;

public enum InputFormat
{
    /// <summary>By file extension: <c>.parquet</c>, <c>.jsonl</c>/<c>.ndjson</c>, otherwise CSV.</summary>
    Auto,
    Csv,
    Parquet,
    JsonLines,
}

public enum OutputFormat
{
    /// <summary>SageMaker XGBoost CSV: label first, no header.</summary>
    Csv,

    /// <summary>LIBSVM text: <c>label index:value ...</c> with 1-based indices.</summary>
    LibSvm,
}

public enum TargetType
{
    Auto,
    Numeric,
    Categorical,
}

public enum TargetMissingTreatment
{
    DropRow,
    Fail,
}

public enum ColumnType
{
    Auto,
    Numeric,
    Categorical,
    DateTime,
}

public enum MissingTreatment
{
    Keep,
    Mean,
    Median,
    Mode,
    Zero,
    Constant,
    DropRow,
    Fail,
}

public enum CategoricalEncoding
{
    /// <summary>One-hot when the column has at most <see cref="CategoricalSpec.MaxCategories"/> categories, ordinal otherwise.</summary>
    Auto,
    OneHot,
    Ordinal,
}

public enum FilterOperator
{
    Equal,
    NotEqual,
    LessThan,
    LessThanOrEqual,
    GreaterThan,
    GreaterThanOrEqual,
    In,
    NotIn,
    IsMissing,
    IsNotMissing,
}
