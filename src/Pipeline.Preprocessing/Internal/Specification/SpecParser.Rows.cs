using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipeline.Preprocessing.Internal.Specification;

internal static partial class SpecParser
{
    private const double FractionTolerance = 1e-9;

    private static SplitSpec ParseSplit(JsonFieldReader reader, JsonObject? section)
    {
        const string Path = "$.split";
        if (section is null)
        {
            return new SplitSpec();
        }

        reader.RejectUnknown(section, Path, "train", "validation", "test", "seed");
        var train = reader.Number(section, "train", Path, 0, 1);
        var validation = reader.Number(section, "validation", Path, 0, 1);
        var test = reader.Number(section, "test", Path, 0, 1) ?? 0;
        var seed = reader.Integer(section, "seed", Path, long.MinValue, long.MaxValue) ?? 42;

        // One missing fraction takes the remainder; with both given, the three must add up to 1.
        var (trainFraction, validationFraction) = (train, validation) switch
        {
            (null, null) => (1 - 0.2 - test, 0.2),
            (null, { } v) => (1 - v - test, v),
            ({ } t, null) => (t, 1 - t - test),
            ({ } t, { } v) => (t, v),
        };

        var sum = trainFraction + validationFraction + test;
        if (Math.Abs(sum - 1) > FractionTolerance)
        {
            reader.Problem(Path, $"train ({Format(trainFraction)}) + validation ({Format(validationFraction)}) + test ({Format(test)}) must add up to 1, got {Format(sum)}.");
        }

        if (trainFraction <= 0)
        {
            reader.Problem($"{Path}.train", $"must be greater than 0 so the training job gets data, got {Format(trainFraction)}.");
        }

        if (validationFraction <= 0)
        {
            reader.Problem($"{Path}.validation", $"must be greater than 0 because the training job reads a validation channel, got {Format(validationFraction)}.");
        }

        return new SplitSpec { Train = trainFraction, Validation = validationFraction, Test = test, Seed = seed };
    }

    private static List<RowFilter> ParseFilters(JsonFieldReader reader, JsonObject spec)
    {
        var result = new List<RowFilter>();
        if (!spec.TryGetPropertyValue("filters", out var node) || node is null)
        {
            return result;
        }

        if (node is not JsonArray filters)
        {
            reader.Problem("$.filters", $"must be an array of filters such as {{ \"column\": \"age\", \"operator\": \">=\", \"value\": 18 }}, got {JsonFieldReader.Describe(node)}.");
            return result;
        }

        for (var i = 0; i < filters.Count; i++)
        {
            var path = $"$.filters[{i}]";
            if (filters[i] is not JsonObject filter)
            {
                reader.Problem(path, $"must be an object, got {JsonFieldReader.Describe(filters[i])}.");
                continue;
            }

            reader.RejectUnknown(filter, path, "column", "operator", "value", "values");
            var column = reader.Column(filter["column"], $"{path}.column");
            var op = reader.Enum(filter, "operator", path, SpecNames.Operators);
            if (!filter.ContainsKey("operator"))
            {
                reader.Problem($"{path}.operator", $"is required. Use one of: {string.Join(", ", SpecNames.Operators.Keys)}.");
            }

            var values = ParseFilterValues(reader, filter, path, op);
            if (column is not null && op is not null && values is not null)
            {
                result.Add(new RowFilter { Column = column, Operator = op.Value, Values = values });
            }
        }

        return result;
    }

    private static List<FilterValue>? ParseFilterValues(JsonFieldReader reader, JsonObject filter, string path, FilterOperator? op)
    {
        var nodes = new List<(JsonNode? Node, string Path)>();
        if (filter.TryGetPropertyValue("value", out var single))
        {
            nodes.Add((single, $"{path}.value"));
        }

        if (filter.TryGetPropertyValue("values", out var many))
        {
            if (many is JsonArray array)
            {
                nodes.AddRange(array.Select((item, index) => (item, $"{path}.values[{index}]")));
            }
            else
            {
                reader.Problem($"{path}.values", $"must be an array, got {JsonFieldReader.Describe(many)}.");
                return null;
            }
        }

        var expected = op switch
        {
            FilterOperator.IsMissing or FilterOperator.IsNotMissing => "none",
            FilterOperator.In or FilterOperator.NotIn => "many",
            null => "any",
            _ => "one",
        };
        if ((expected == "none" && nodes.Count != 0) || (expected == "one" && nodes.Count != 1) || (expected == "many" && nodes.Count == 0))
        {
            var requirement = expected switch
            {
                "none" => "takes no value; remove \"value\"",
                "one" => "needs exactly one \"value\"",
                _ => "needs \"values\" (an array)",
            };
            reader.Problem(path, $"operator {requirement}.");
            return null;
        }

        var values = new List<FilterValue>();
        foreach (var (node, itemPath) in nodes)
        {
            switch (node?.GetValueKind())
            {
                case JsonValueKind.Number:
                    values.Add(new FilterValue(node.ToJsonString(), node.GetValue<double>()));
                    break;
                case JsonValueKind.String:
                    values.Add(new FilterValue(node.GetValue<string>(), null));
                    break;
                default:
                    reader.Problem(itemPath, $"must be a number or a string, got {JsonFieldReader.Describe(node)}.");
                    break;
            }
        }

        return values;
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
