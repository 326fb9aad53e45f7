namespace Pipeline.Preprocessing.Internal.Specification;

/// <summary>The JSON spellings of the specification's enumerations, shared by the parser, the writer and the manifest.</summary>
internal static class SpecNames
{
    public static readonly IReadOnlyDictionary<string, InputFormat> InputFormats = Map(
        ("auto", InputFormat.Auto), ("csv", InputFormat.Csv), ("parquet", InputFormat.Parquet), ("jsonl", InputFormat.JsonLines));

    public static readonly IReadOnlyDictionary<string, OutputFormat> OutputFormats = Map(
        ("csv", OutputFormat.Csv), ("libsvm", OutputFormat.LibSvm));

    public static readonly IReadOnlyDictionary<string, TargetType> TargetTypes = Map(
        ("auto", TargetType.Auto), ("numeric", TargetType.Numeric), ("categorical", TargetType.Categorical));

    public static readonly IReadOnlyDictionary<string, TargetMissingTreatment> TargetMissing = Map(
        ("dropRow", TargetMissingTreatment.DropRow), ("fail", TargetMissingTreatment.Fail));

    public static readonly IReadOnlyDictionary<string, ColumnType> ColumnTypes = Map(
        ("auto", ColumnType.Auto), ("numeric", ColumnType.Numeric), ("categorical", ColumnType.Categorical), ("datetime", ColumnType.DateTime));

    public static readonly IReadOnlyDictionary<string, MissingTreatment> MissingTreatments = Map(
        ("keep", MissingTreatment.Keep), ("mean", MissingTreatment.Mean), ("median", MissingTreatment.Median),
        ("mode", MissingTreatment.Mode), ("zero", MissingTreatment.Zero), ("constant", MissingTreatment.Constant),
        ("dropRow", MissingTreatment.DropRow), ("fail", MissingTreatment.Fail));

    public static readonly IReadOnlyDictionary<string, CategoricalEncoding> Encodings = Map(
        ("auto", CategoricalEncoding.Auto), ("onehot", CategoricalEncoding.OneHot), ("ordinal", CategoricalEncoding.Ordinal));

    public static readonly IReadOnlyDictionary<string, FilterOperator> Operators = new Dictionary<string, FilterOperator>(StringComparer.Ordinal)
    {
        ["=="] = FilterOperator.Equal, ["!="] = FilterOperator.NotEqual, ["<"] = FilterOperator.LessThan,
        ["<="] = FilterOperator.LessThanOrEqual, [">"] = FilterOperator.GreaterThan, [">="] = FilterOperator.GreaterThanOrEqual,
        ["in"] = FilterOperator.In, ["notIn"] = FilterOperator.NotIn, ["isMissing"] = FilterOperator.IsMissing,
        ["isNotMissing"] = FilterOperator.IsNotMissing,
    };

    public static string Name<T>(IReadOnlyDictionary<string, T> names, T value)
        where T : struct, Enum =>
        names.First(pair => EqualityComparer<T>.Default.Equals(pair.Value, value)).Key;

    /// <summary>Matches ignoring case, <c>-</c> and <c>_</c>, so <c>one-hot</c>, <c>oneHot</c> and <c>drop_row</c> are accepted.</summary>
    public static bool TryParse<T>(IReadOnlyDictionary<string, T> names, string text, out T value)
        where T : struct, Enum
    {
        if (names.TryGetValue(text, out value))
        {
            return true;
        }

        var folded = Fold(text);
        foreach (var (name, candidate) in names)
        {
            if (Fold(name) == folded)
            {
                value = candidate;
                return true;
            }
        }

        return false;
    }

    private static string Fold(string text) => text.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal).ToUpperInvariant();

    private static Dictionary<string, T> Map<T>(params (string Name, T Value)[] pairs)
        where T : struct, Enum =>
        pairs.ToDictionary(pair => pair.Name, pair => pair.Value, StringComparer.Ordinal);
}
