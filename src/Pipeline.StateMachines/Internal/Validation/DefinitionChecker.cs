using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.StateMachines.Internal.Json;
using Pipeline.StateMachines.Internal.Model;

namespace Pipeline.StateMachines.Internal.Validation;

/// <summary>
/// The structural checks CreateStateMachine applies to a definition, reported with AWS's codes and
/// locations: SCHEMA_VALIDATION_FAILED, MISSING_TRANSITION_TARGET, MISSING_END_STATE, DUPLICATE_STATE_NAME,
/// INVALID_JSON_DESCRIPTION, MISSING_DESCRIPTION and INVALID_STATE_NAME.
/// </summary>
internal sealed partial class DefinitionChecker
{
    public const string Schema = "SCHEMA_VALIDATION_FAILED";
    public const string MissingTarget = "MISSING_TRANSITION_TARGET";
    public const string MissingEnd = "MISSING_END_STATE";
    public const string DuplicateName = "DUPLICATE_STATE_NAME";
    public const string InvalidName = "INVALID_STATE_NAME";
    public const string InvalidJson = "INVALID_JSON_DESCRIPTION";
    public const string MissingDescription = "MISSING_DESCRIPTION";
    public const string InvalidResource = "INVALID_RESOURCE";

    /// <summary>The maximum length of a state name, per the ASL specification (80 Unicode characters).</summary>
    private const int MaxStateNameLength = 80;

    private static readonly string[] TopLevelFields = ["StartAt", "States", "Comment", "Version", "TimeoutSeconds", "QueryLanguage"];
    private static readonly string[] BranchFields = ["StartAt", "States", "Comment", "QueryLanguage"];
    private static readonly string[] ProcessorFields = ["StartAt", "States", "Comment", "ProcessorConfig"];

    private readonly List<DefinitionDiagnostic> diagnostics = [];
    private readonly HashSet<string> allStateNames = new(StringComparer.Ordinal);

    /// <summary>The state machine's QueryLanguage, which the states of Parallel branches and Map processors inherit.</summary>
    private QueryLanguage machineLanguage = QueryLanguage.JsonPath;

    public static IReadOnlyList<DefinitionDiagnostic> Check(string json)
    {
        var checker = new DefinitionChecker();
        if (string.IsNullOrWhiteSpace(json))
        {
            checker.Add(MissingDescription, "The definition is empty. Pass a JSON object with StartAt and States", string.Empty);
            return checker.diagnostics;
        }

        JsonNode? root;
        try
        {
            using var document = JsonDocument.Parse(json, JsonText.DocumentOptions);
            checker.CheckDuplicateKeys(document.RootElement, string.Empty);
            root = JsonNode.Parse(json, JsonText.NodeOptions, JsonText.DocumentOptions);
        }
        catch (JsonException ex)
        {
            checker.Add(InvalidJson, $"The definition is not valid JSON: {ex.Message}", string.Empty);
            return checker.diagnostics;
        }

        if (checker.diagnostics.Count > 0)
        {
            return checker.diagnostics;
        }

        if (root is not JsonObject obj)
        {
            checker.Add(Schema, "The definition must be a JSON object", string.Empty);
            return checker.diagnostics;
        }

        checker.CheckTopLevel(obj);
        return checker.diagnostics;
    }

    private void Add(string code, string message, string location) => diagnostics.Add(new DefinitionDiagnostic(code, message, location));

    private void CheckTopLevel(JsonObject root)
    {
        var language = QueryLanguage.JsonPath;
        if (root.TryGetPropertyValue("QueryLanguage", out var ql))
        {
            language = CheckQueryLanguage(ql, "/QueryLanguage", QueryLanguage.JsonPath);
        }

        machineLanguage = language;

        CheckUnknownFields(root, TopLevelFields, string.Empty);
        if (root.TryGetPropertyValue("Version", out var version) && !JsonText.TryGetString(version, out _))
        {
            Add(Schema, "The value for the field 'Version' must be a STRING", "/Version");
        }

        if (root.TryGetPropertyValue("Comment", out var comment) && !JsonText.TryGetString(comment, out _))
        {
            Add(Schema, "The value for the field 'Comment' must be a STRING", "/Comment");
        }

        if (root.TryGetPropertyValue("TimeoutSeconds", out var timeout) && !IsPositiveInteger(timeout))
        {
            Add(Schema, "The value for the field 'TimeoutSeconds' must be a positive integer", "/TimeoutSeconds");
        }

        CheckGraph(root, string.Empty, language);
    }

    private QueryLanguage CheckQueryLanguage(JsonNode? value, string location, QueryLanguage inherited)
    {
        if (JsonText.TryGetString(value, out var text))
        {
            if (text == "JSONata")
            {
                return QueryLanguage.Jsonata;
            }

            if (text == "JSONPath")
            {
                if (inherited == QueryLanguage.Jsonata)
                {
                    Add(Schema, "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine", location[..location.LastIndexOf('/')]);
                }

                return QueryLanguage.JsonPath;
            }
        }

        Add(Schema, "The value for the field 'QueryLanguage' must be one of [JSONPath, JSONata]", location);
        return inherited;
    }

    /// <summary>Checks one graph (top level, Parallel branch or Map processor): StartAt, States, transitions, reachability, terminal states.</summary>
    private void CheckGraph(JsonObject graph, string location, QueryLanguage language)
    {
        if (!graph.TryGetPropertyValue("StartAt", out var startNode))
        {
            Add(Schema, "The field 'StartAt' is required but was missing", location.Length == 0 ? "/" : location);
        }
        else if (!JsonText.TryGetString(startNode, out _))
        {
            Add(Schema, "The value for the field 'StartAt' must be a STRING", location + "/StartAt");
        }

        if (!graph.TryGetPropertyValue("States", out var statesNode))
        {
            Add(Schema, "The field 'States' is required but was missing", location.Length == 0 ? "/" : location);
            return;
        }

        if (statesNode is not JsonObject states)
        {
            Add(Schema, "The value for the field 'States' must be an OBJECT", location + "/States");
            return;
        }

        if (states.Count == 0)
        {
            Add(Schema, "The field 'States' must contain at least one state", location + "/States");
            return;
        }

        foreach (var pair in states)
        {
            var stateLocation = $"{location}/States/{pair.Key}";
            CheckStateName(pair.Key, stateLocation);
            if (pair.Value is not JsonObject state)
            {
                Add(Schema, "The value of a state must be an OBJECT", stateLocation);
                continue;
            }

            CheckState(pair.Key, state, stateLocation, language, states);
        }

        var start = JsonText.TryGetString(startNode, out var startAt) ? startAt : null;
        if (start is not null && !states.ContainsKey(start))
        {
            Add(MissingTarget, $"Missing 'Next' target: {start}", location + "/StartAt");
        }

        CheckReachability(states, start, location);
    }

    private void CheckStateName(string name, string location)
    {
        if (!allStateNames.Add(name))
        {
            Add(DuplicateName, $"Duplicate State name: {name}", location);
        }

        if (name.Length == 0 || name.Length > MaxStateNameLength)
        {
            Add(InvalidName, $"State name '{name}' must be 1 to {MaxStateNameLength} characters long", location);
        }
    }

    private void CheckDuplicateKeys(JsonElement element, string location)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in element.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                {
                    var code = location.EndsWith("/States", StringComparison.Ordinal) ? DuplicateName : Schema;
                    Add(code, code == DuplicateName ? $"Duplicate State name: {property.Name}" : $"Duplicate field '{property.Name}'", $"{location}/{property.Name}");
                }

                CheckDuplicateKeys(property.Value, $"{location}/{property.Name}");
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var item in element.EnumerateArray())
            {
                CheckDuplicateKeys(item, $"{location}[{index++}]");
            }
        }
    }
}
