using System.Text.Json.Nodes;
using Pipeline.Preprocessing.Internal.Specification;

namespace Pipeline.Preprocessing;

/// <summary>
/// The preprocessing specification: the <c>preprocessing</c> object of a dataset configuration.
/// Only <see cref="Target"/> is required; every other field has a documented default (docs/preprocessing.md).
/// </summary>
public sealed record PreprocessingSpec
{
    /// <summary>The label column, by name or by 0-based position.</summary>
    public required ColumnReference Target { get; init; }

    /// <summary>How the label is read: <c>auto</c> keeps numeric labels and maps text labels to class ids.</summary>
    public TargetType TargetType { get; init; } = TargetType.Auto;

    /// <summary>Explicit class order for a categorical target (class id = position); null means sorted order.</summary>
    public IReadOnlyList<string>? Classes { get; init; }

    /// <summary>What happens to rows whose target is missing.</summary>
    public TargetMissingTreatment TargetMissing { get; init; } = TargetMissingTreatment.DropRow;

    public InputSpec Input { get; init; } = new();

    /// <summary>The feature columns in output order; null means every column except the target and <see cref="Exclude"/>.</summary>
    public IReadOnlyList<ColumnReference>? Features { get; init; }

    public IReadOnlyList<ColumnReference> Exclude { get; init; } = [];

    /// <summary>Per-column overrides keyed by column name (or 0-based position as a string without a header).</summary>
    public IReadOnlyDictionary<string, ColumnSpec> Columns { get; init; } = new Dictionary<string, ColumnSpec>();

    public MissingValueSpec Missing { get; init; } = new();

    public CategoricalSpec Categorical { get; init; } = new();

    /// <summary>Drops exact duplicate rows (all columns equal), keeping the first.</summary>
    public bool Deduplicate { get; init; }

    /// <summary>Row filters; a row is kept only when it matches every filter.</summary>
    public IReadOnlyList<RowFilter> Filters { get; init; } = [];

    public SplitSpec Split { get; init; } = new();

    public OutputSpec Output { get; init; } = new();

    /// <summary>Adds per-column statistics (counts, range, mean, top values) to the manifest.</summary>
    public bool Profile { get; init; } = true;

    /// <summary>Parses and validates a specification, reporting every problem at once.</summary>
    /// <exception cref="PreprocessingSpecException">The JSON is malformed or a field is invalid.</exception>
    public static PreprocessingSpec Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return SpecParser.Parse(json);
    }

    /// <summary>Parses and validates a specification given as a JSON object.</summary>
    public static PreprocessingSpec FromJson(JsonObject json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return SpecParser.Parse(json.ToJsonString());
    }

    /// <summary>Writes the specification with every default filled in.</summary>
    public JsonObject ToJson() => SpecWriter.Write(this);
}

/// <summary>A column named in a specification: by header name, or by 0-based position.</summary>
public sealed record ColumnReference
{
    private ColumnReference(string? name, int? index)
    {
        Name = name;
        Index = index;
    }

    public string? Name { get; }

    public int? Index { get; }

    public static ColumnReference ByName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return new ColumnReference(name, null);
    }

    public static ColumnReference ByIndex(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return new ColumnReference(null, index);
    }

    public JsonNode ToJson() => Name is not null ? JsonValue.Create(Name) : JsonValue.Create(Index!.Value);

    public override string ToString() => Name is not null ? $"'{Name}'" : $"#{Index}";
}
