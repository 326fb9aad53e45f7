using System.Text.Json.Nodes;

namespace Pipeline.Preprocessing.Internal.Specification;

/// <summary>Writes a specification back to JSON with every default filled in (recorded in the manifest).</summary>
internal static class SpecWriter
{
    public static JsonObject Write(PreprocessingSpec spec)
    {
        var input = spec.Input;
        var json = new JsonObject
        {
            ["target"] = spec.Target.ToJson(),
            ["targetType"] = SpecNames.Name(SpecNames.TargetTypes, spec.TargetType),
            ["classes"] = spec.Classes is null ? null : Strings(spec.Classes),
            ["targetMissing"] = SpecNames.Name(SpecNames.TargetMissing, spec.TargetMissing),
            ["input"] = new JsonObject
            {
                ["format"] = SpecNames.Name(SpecNames.InputFormats, input.Format),
                ["header"] = input.Header,
                ["delimiter"] = input.Delimiter.ToString(),
                ["quote"] = input.Quote?.ToString() ?? "",
                ["encoding"] = input.Encoding,
                ["thousandsSeparator"] = input.ThousandsSeparator?.ToString(),
                ["decimalSeparator"] = input.DecimalSeparator.ToString(),
                ["missingValues"] = Strings(input.MissingValues),
                ["trimSpaces"] = input.TrimSpaces,
            },
            ["features"] = spec.Features is null ? null : new JsonArray([.. spec.Features.Select(column => column.ToJson())]),
            ["exclude"] = new JsonArray([.. spec.Exclude.Select(column => column.ToJson())]),
            ["columns"] = new JsonObject(spec.Columns.Select(pair => KeyValuePair.Create<string, JsonNode?>(pair.Key, Column(pair.Value)))),
            ["missing"] = new JsonObject
            {
                ["numeric"] = SpecNames.Name(SpecNames.MissingTreatments, spec.Missing.Numeric),
                ["categorical"] = SpecNames.Name(SpecNames.MissingTreatments, spec.Missing.Categorical),
                ["numericFillValue"] = spec.Missing.NumericFillValue,
                ["categoricalFillValue"] = spec.Missing.CategoricalFillValue,
            },
            ["categorical"] = new JsonObject
            {
                ["encoding"] = SpecNames.Name(SpecNames.Encodings, spec.Categorical.Encoding),
                ["maxCategories"] = spec.Categorical.MaxCategories,
                ["minFrequency"] = spec.Categorical.MinFrequency,
            },
            ["deduplicate"] = spec.Deduplicate,
            ["filters"] = new JsonArray([.. spec.Filters.Select(Filter)]),
            ["split"] = new JsonObject
            {
                ["train"] = spec.Split.Train,
                ["validation"] = spec.Split.Validation,
                ["test"] = spec.Split.Test,
                ["seed"] = spec.Split.Seed,
            },
            ["output"] = new JsonObject { ["format"] = SpecNames.Name(SpecNames.OutputFormats, spec.Output.Format) },
            ["profile"] = spec.Profile,
        };
        return json;
    }

    private static JsonObject Column(ColumnSpec column)
    {
        var json = new JsonObject { ["type"] = SpecNames.Name(SpecNames.ColumnTypes, column.Type) };
        if (column.Missing is { } missing)
        {
            json["missing"] = SpecNames.Name(SpecNames.MissingTreatments, missing);
        }

        if (column.FillValue is not null)
        {
            json["fillValue"] = column.FillValue;
        }

        if (column.Encoding is { } encoding)
        {
            json["encoding"] = SpecNames.Name(SpecNames.Encodings, encoding);
        }

        if (column.MaxCategories is { } max)
        {
            json["maxCategories"] = max;
        }

        if (column.Categories is not null)
        {
            json["categories"] = Strings(column.Categories);
        }

        return json;
    }

    private static JsonObject Filter(RowFilter filter) => new()
    {
        ["column"] = filter.Column.ToJson(),
        ["operator"] = SpecNames.Operators.First(pair => pair.Value == filter.Operator).Key,
        ["values"] = new JsonArray([.. filter.Values.Select(value => value.Number is { } number ? JsonValue.Create(number) : (JsonNode)JsonValue.Create(value.Text))]),
    };

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(value => (JsonNode)JsonValue.Create(value))]);
}
