using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Preprocessing.Internal.Specification;

namespace Pipeline.Preprocessing.Internal.Manifest;

/// <summary>The JSON form of <see cref="PreprocessingManifest"/>; field names are camelCase, enumerations are strings.</summary>
internal static partial class ManifestJson
{
    private static readonly Dictionary<string, ColumnRole> Roles = new(StringComparer.Ordinal)
    {
        ["feature"] = ColumnRole.Feature, ["target"] = ColumnRole.Target, ["excluded"] = ColumnRole.Excluded, ["dropped"] = ColumnRole.Dropped,
    };

    private static readonly Dictionary<string, ResolvedColumnType> Types = new(StringComparer.Ordinal)
    {
        ["numeric"] = ResolvedColumnType.Numeric, ["categorical"] = ResolvedColumnType.Categorical,
        ["datetime"] = ResolvedColumnType.DateTime, ["empty"] = ResolvedColumnType.Empty,
    };

    private static readonly Dictionary<string, FeatureEncoding> Encodings = new(StringComparer.Ordinal)
    {
        ["number"] = FeatureEncoding.Number, ["unixSeconds"] = FeatureEncoding.UnixSeconds,
        ["onehot"] = FeatureEncoding.OneHot, ["ordinal"] = FeatureEncoding.Ordinal,
    };

    public static JsonObject Write(PreprocessingManifest manifest)
    {
        var target = manifest.Target;
        var targetJson = new JsonObject
        {
            ["name"] = target.Name,
            ["index"] = target.Index,
            ["type"] = SpecNames.Name(SpecNames.TargetTypes, target.Type),
        };
        if (target.Classes is { } classes)
        {
            targetJson["classes"] = new JsonArray([.. classes.Select(name => (JsonNode)JsonValue.Create(name))]);
            targetJson["classMapping"] = new JsonObject(classes.Select((name, id) => KeyValuePair.Create<string, JsonNode?>(name, id)));
        }

        var rows = manifest.Rows;
        return new JsonObject
        {
            ["version"] = manifest.Version,
            ["input"] = new JsonObject
            {
                ["file"] = manifest.InputFile,
                ["format"] = SpecNames.Name(SpecNames.InputFormats, manifest.InputFormat),
                ["bytes"] = manifest.InputBytes,
                ["columns"] = Strings(manifest.InputColumns),
            },
            ["target"] = targetJson,
            ["features"] = Strings(manifest.Features),
            ["featureCount"] = manifest.Features.Count,
            ["columns"] = new JsonArray([.. manifest.Columns.Select(WriteColumn)]),
            ["rows"] = new JsonObject
            {
                ["read"] = rows.Read, ["filtered"] = rows.Filtered, ["duplicates"] = rows.Duplicates,
                ["missingTarget"] = rows.MissingTarget, ["missingValues"] = rows.MissingValues,
                ["train"] = rows.Train, ["validation"] = rows.Validation, ["test"] = rows.Test,
            },
            ["output"] = new JsonObject
            {
                ["format"] = SpecNames.Name(SpecNames.OutputFormats, manifest.OutputFormat),
                ["files"] = new JsonObject(manifest.Files.Select(pair => KeyValuePair.Create<string, JsonNode?>(pair.Key, pair.Value))),
            },
            ["spec"] = manifest.Spec.ToJson(),
        };
    }

    public static PreprocessingManifest Read(JsonObject json)
    {
        try
        {
            return ReadChecked(json);
        }
        catch (Exception ex) when (ex is InvalidOperationException or JsonException or FormatException or KeyNotFoundException or NullReferenceException or PreprocessingSpecException)
        {
            throw new PreprocessingException($"The manifest is not valid: {ex.Message} Pass the manifest.json written by a preprocessing run.", ex);
        }
    }

    private static PreprocessingManifest ReadChecked(JsonObject json)
    {
        var version = json["version"]!.GetValue<int>();
        if (version != PreprocessingManifest.CurrentVersion)
        {
            throw new PreprocessingException($"The manifest has version {version}, but this engine reads version {PreprocessingManifest.CurrentVersion}. Run preprocessing again with this version.");
        }

        var input = json["input"]!.AsObject();
        var target = json["target"]!.AsObject();
        var rows = json["rows"]!.AsObject();
        var output = json["output"]!.AsObject();
        return new PreprocessingManifest
        {
            Version = version,
            InputFile = input["file"]!.GetValue<string>(),
            InputFormat = Parse(SpecNames.InputFormats, input["format"]),
            InputBytes = input["bytes"]!.GetValue<long>(),
            InputColumns = ReadStrings(input["columns"])!,
            Target = new TargetManifest
            {
                Name = target["name"]!.GetValue<string>(),
                Index = target["index"]!.GetValue<int>(),
                Type = Parse(SpecNames.TargetTypes, target["type"]),
                Classes = ReadStrings(target["classes"]),
            },
            Features = ReadStrings(json["features"])!,
            Columns = [.. json["columns"]!.AsArray().Select(node => ReadColumn(node!.AsObject()))],
            Rows = new RowCounts
            {
                Read = Long(rows, "read"), Filtered = Long(rows, "filtered"), Duplicates = Long(rows, "duplicates"),
                MissingTarget = Long(rows, "missingTarget"), MissingValues = Long(rows, "missingValues"),
                Train = Long(rows, "train"), Validation = Long(rows, "validation"), Test = Long(rows, "test"),
            },
            OutputFormat = Parse(SpecNames.OutputFormats, output["format"]),
            Files = output["files"]!.AsObject().ToDictionary(pair => pair.Key, pair => pair.Value!.GetValue<string>(), StringComparer.Ordinal),
            Spec = PreprocessingSpec.FromJson(json["spec"]!.AsObject()),
        };
    }

    private static long Long(JsonObject json, string name) => json[name]?.GetValue<long>() ?? 0;

    private static T Parse<T>(IReadOnlyDictionary<string, T> names, JsonNode? node)
        where T : struct, Enum
    {
        var text = node?.GetValue<string>() ?? throw new FormatException($"a {typeof(T).Name} value is missing.");
        return names.TryGetValue(text, out var value) ? value : throw new FormatException($"unknown {typeof(T).Name} \"{text}\".");
    }

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(value => (JsonNode)JsonValue.Create(value))]);

    private static List<string>? ReadStrings(JsonNode? node) =>
        node is JsonArray array ? [.. array.Select(item => item!.GetValue<string>())] : null;
}
