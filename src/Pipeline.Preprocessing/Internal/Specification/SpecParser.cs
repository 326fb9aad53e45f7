using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipeline.Preprocessing.Internal.Specification;

/// <summary>Turns specification JSON into a <see cref="PreprocessingSpec"/>, collecting every problem before it throws.</summary>
internal static partial class SpecParser
{
    private static readonly string[] TopLevelFields =
    [
        "target", "targetType", "classes", "targetMissing", "input", "features", "exclude", "columns", "missing",
        "categorical", "deduplicate", "filters", "split", "output", "profile",
    ];

    public static PreprocessingSpec Parse(string json)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new PreprocessingSpecException([$"$: the specification is not valid JSON ({ex.Message})."]);
        }

        if (root is not JsonObject spec)
        {
            throw new PreprocessingSpecException([$"$: the specification must be a JSON object such as {{ \"target\": \"label\" }}, got {JsonFieldReader.Describe(root)}."]);
        }

        var problems = new List<string>();
        var reader = new JsonFieldReader(problems);
        reader.RejectUnknown(spec, "$", TopLevelFields);

        ColumnReference? target = null;
        if (!spec.TryGetPropertyValue("target", out var targetNode) || targetNode is null)
        {
            reader.Problem("$.target", "is required: name the label column (for example \"target\": \"diagnosis\") or give its 0-based index for a file without a header.");
        }
        else
        {
            target = reader.Column(targetNode, "$.target");
        }

        var targetType = reader.Enum(spec, "targetType", "$", SpecNames.TargetTypes) ?? TargetType.Auto;
        var classes = reader.Strings(spec, "classes", "$");
        if (classes is not null)
        {
            CheckDistinct(reader, classes, "$.classes");
            if (targetType == TargetType.Numeric)
            {
                reader.Problem("$.classes", "is only valid for a categorical target, but targetType is \"numeric\".");
            }
        }

        var input = ParseInput(reader, reader.Section(spec, "input", "$"), target);
        var columns = ParseColumns(reader, reader.Section(spec, "columns", "$"));
        var filters = ParseFilters(reader, spec);
        var split = ParseSplit(reader, reader.Section(spec, "split", "$"));

        var result = new PreprocessingSpec
        {
            Target = target ?? ColumnReference.ByIndex(0),
            TargetType = classes is not null && targetType == TargetType.Auto ? TargetType.Categorical : targetType,
            Classes = classes,
            TargetMissing = reader.Enum(spec, "targetMissing", "$", SpecNames.TargetMissing) ?? TargetMissingTreatment.DropRow,
            Input = input,
            Features = reader.Columns(spec, "features", "$"),
            Exclude = reader.Columns(spec, "exclude", "$") ?? [],
            Columns = columns,
            Missing = ParseMissing(reader, reader.Section(spec, "missing", "$")),
            Categorical = ParseCategorical(reader, reader.Section(spec, "categorical", "$")),
            Deduplicate = reader.Boolean(spec, "deduplicate", "$") ?? false,
            Filters = filters,
            Split = split,
            Output = ParseOutput(reader, reader.Section(spec, "output", "$")),
            Profile = reader.Boolean(spec, "profile", "$") ?? true,
        };

        CheckColumnRoles(reader, result);
        if (problems.Count > 0)
        {
            throw new PreprocessingSpecException(problems);
        }

        return result;
    }

    private static void CheckColumnRoles(JsonFieldReader reader, PreprocessingSpec spec)
    {
        if (spec.Features is { } features)
        {
            if (features.Contains(spec.Target))
            {
                reader.Problem("$.features", $"lists the target column {spec.Target}; the target is written as the label, so remove it from the features.");
            }

            if (features.Count == 0)
            {
                reader.Problem("$.features", "is empty; list at least one feature column or leave the field out to use every column.");
            }

            foreach (var duplicate in features.GroupBy(feature => feature).Where(group => group.Count() > 1))
            {
                reader.Problem("$.features", $"lists column {duplicate.Key} more than once.");
            }
        }

        if (spec.Exclude.Contains(spec.Target))
        {
            reader.Problem("$.exclude", $"lists the target column {spec.Target}; it cannot be excluded.");
        }

        if (spec.Input.Header == false && spec.Target.Name is not null)
        {
            reader.Problem("$.target", $"names the column {spec.Target}, but input.header is false so columns have no names. Give the 0-based index instead (for example \"target\": 0).");
        }
    }

    private static void CheckDistinct(JsonFieldReader reader, List<string> values, string path)
    {
        foreach (var duplicate in values.GroupBy(value => value, StringComparer.Ordinal).Where(group => group.Count() > 1))
        {
            reader.Problem(path, $"lists \"{duplicate.Key}\" more than once.");
        }
    }
}
