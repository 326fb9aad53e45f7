using System.Text.Json.Nodes;
using Pipeline.Preprocessing.Internal.Specification;

namespace Pipeline.Preprocessing.Internal.Manifest;

internal static partial class ManifestJson
{
    private static JsonObject WriteColumn(ColumnManifest column)
    {
        var json = new JsonObject
        {
            ["name"] = column.Name,
            ["index"] = column.Index,
            ["role"] = Roles.First(pair => pair.Value == column.Role).Key,
            ["type"] = Types.First(pair => pair.Value == column.Type).Key,
        };
        if (column.DropReason is not null)
        {
            json["dropReason"] = column.DropReason;
        }

        if (column.Encoding is { } encoding)
        {
            json["encoding"] = Encodings.First(pair => pair.Value == encoding).Key;
        }

        if (column.Missing is { } missing)
        {
            json["missing"] = SpecNames.Name(SpecNames.MissingTreatments, missing);
            json["fillValue"] = column.FillValue;
        }

        if (column.Categories is { } categories)
        {
            json["categories"] = Strings(categories);
            json["otherIndicator"] = column.OtherIndicator;
        }

        if (column.Role == ColumnRole.Feature)
        {
            json["firstFeature"] = column.FirstFeature;
            json["features"] = Strings(column.Features);
        }

        if (column.Statistics is { } statistics)
        {
            json["statistics"] = WriteStatistics(statistics);
        }

        return json;
    }

    private static JsonObject WriteStatistics(ColumnStatistics statistics)
    {
        var json = new JsonObject
        {
            ["count"] = statistics.Count,
            ["missing"] = statistics.Missing,
            ["distinct"] = statistics.Distinct,
        };
        if (statistics.Min is not null)
        {
            json["min"] = statistics.Min;
            json["max"] = statistics.Max;
            json["mean"] = statistics.Mean;
            json["standardDeviation"] = statistics.StandardDeviation;
        }

        json["topValues"] = new JsonArray([.. statistics.TopValues.Select(pair => (JsonNode)new JsonObject { ["value"] = pair.Key, ["count"] = pair.Value })]);
        return json;
    }

    private static ColumnManifest ReadColumn(JsonObject json)
    {
        var role = json["role"]!.GetValue<string>();
        var type = json["type"]!.GetValue<string>();
        var encoding = json["encoding"]?.GetValue<string>();
        var missing = json["missing"]?.GetValue<string>();
        return new ColumnManifest
        {
            Name = json["name"]!.GetValue<string>(),
            Index = json["index"]!.GetValue<int>(),
            Role = Roles.TryGetValue(role, out var r) ? r : throw new FormatException($"unknown column role \"{role}\"."),
            Type = Types.TryGetValue(type, out var t) ? t : throw new FormatException($"unknown column type \"{type}\"."),
            DropReason = json["dropReason"]?.GetValue<string>(),
            Encoding = encoding is null ? null : Encodings.TryGetValue(encoding, out var e) ? e : throw new FormatException($"unknown encoding \"{encoding}\"."),
            Missing = missing is null ? null : Parse(SpecNames.MissingTreatments, JsonValue.Create(missing)),
            FillValue = json["fillValue"]?.GetValue<string>(),
            Categories = ReadStrings(json["categories"]),
            OtherIndicator = json["otherIndicator"]?.GetValue<bool>() ?? false,
            FirstFeature = json["firstFeature"]?.GetValue<int>() ?? 0,
            Features = ReadStrings(json["features"]) ?? [],
            Statistics = json["statistics"] is JsonObject statistics ? ReadStatistics(statistics) : null,
        };
    }

    private static ColumnStatistics ReadStatistics(JsonObject json) => new()
    {
        Count = json["count"]!.GetValue<long>(),
        Missing = json["missing"]!.GetValue<long>(),
        Distinct = json["distinct"]?.GetValue<long>(),
        Min = json["min"]?.GetValue<double>(),
        Max = json["max"]?.GetValue<double>(),
        Mean = json["mean"]?.GetValue<double>(),
        StandardDeviation = json["standardDeviation"]?.GetValue<double>(),
        TopValues = [.. (json["topValues"]?.AsArray() ?? []).Select(node => KeyValuePair.Create(node!["value"]!.GetValue<string>(), node["count"]!.GetValue<long>()))],
    };
}
