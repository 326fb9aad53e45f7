using System.Text.Json.Nodes;
using Pipeline.Preprocessing.Internal.Manifest;

namespace Pipeline.Preprocessing;

/// <summary>
/// The record of a preprocessing run (<c>manifest.json</c>): the input's columns and how each was typed and encoded,
/// the class mapping, the output features, row counts per split and column statistics. The row encoder
/// rebuilds the same encodings from it at inference time.
/// </summary>
public sealed record PreprocessingManifest
{
    public const int CurrentVersion = 1;

    public int Version { get; init; } = CurrentVersion;

    /// <summary>The input file name (without folders).</summary>
    public required string InputFile { get; init; }

    public required InputFormat InputFormat { get; init; }

    public long InputBytes { get; init; }

    /// <summary>Every input column name in input order.</summary>
    public required IReadOnlyList<string> InputColumns { get; init; }

    public required TargetManifest Target { get; init; }

    /// <summary>Every input column, in input order.</summary>
    public required IReadOnlyList<ColumnManifest> Columns { get; init; }

    /// <summary>Output feature names in file order (after the label).</summary>
    public required IReadOnlyList<string> Features { get; init; }

    public required RowCounts Rows { get; init; }

    public required OutputFormat OutputFormat { get; init; }

    /// <summary>Split name (<c>train</c>, <c>validation</c>, <c>test</c>) to the file's path relative to the output folder.</summary>
    public required IReadOnlyDictionary<string, string> Files { get; init; }

    /// <summary>The specification with every default filled in.</summary>
    public required PreprocessingSpec Spec { get; init; }

    /// <summary>Writes the manifest as JSON (the content of <c>manifest.json</c>).</summary>
    public JsonObject ToJson() => ManifestJson.Write(this);

    /// <summary>Reads a manifest written by <see cref="ToJson"/>.</summary>
    /// <exception cref="PreprocessingException">The JSON is not a manifest of a supported version.</exception>
    public static PreprocessingManifest FromJson(JsonObject json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return ManifestJson.Read(json);
    }

    /// <summary>Reads a manifest from its JSON text.</summary>
    public static PreprocessingManifest Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return JsonNode.Parse(json) is JsonObject obj
            ? ManifestJson.Read(obj)
            : throw new PreprocessingException("The manifest is not a JSON object. Pass the content of manifest.json written by a preprocessing run.");
    }
}
