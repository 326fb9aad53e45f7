using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.StateMachines.Internal.Json;
using Pipeline.StateMachines.Internal.Model;

namespace Pipeline.StateMachines.Internal.Validation;

/// <summary>Checks specific to Pass, Task, Wait, Fail, Parallel and Map.</summary>
internal sealed partial class DefinitionChecker
{
    private static readonly string[] WaitFields = ["Seconds", "Timestamp", "SecondsPath", "TimestampPath"];

    private void CheckPass(StateCheck check)
    {
        CheckPaths(check);
        CheckResultPath(check.State, check.Location, check.IsJsonata);
        CheckTemplate(check, "Parameters");
        CheckJsonataValue(check, "Output");
    }

    private void CheckTask(StateCheck check)
    {
        var state = check.State;
        if (!state.TryGetPropertyValue("Resource", out var resource))
        {
            Add(Schema, "The field 'Resource' is required but was missing", check.Location);
        }
        else if (!JsonText.TryGetString(resource, out var uri) || uri.Length == 0)
        {
            Add(Schema, "The value for the field 'Resource' must be a STRING", check.At("Resource"));
        }
        else if (!uri.StartsWith("arn:", StringComparison.Ordinal) || uri.Split(':').Length < 6)
        {
            Add(InvalidResource, $"Invalid resource: {uri}. The resource must be an ARN such as arn:aws:states:::lambda:invoke", check.At("Resource"));
        }

        CheckPaths(check);
        CheckResultPath(state, check.Location, check.IsJsonata);
        CheckTemplate(check, "Parameters");
        CheckTemplate(check, "ResultSelector");
        CheckJsonataValue(check, "Arguments");
        CheckJsonataValue(check, "Output");
        CheckSecondsPair(check, "TimeoutSeconds");
        CheckSecondsPair(check, "HeartbeatSeconds");
        if (JsonText.TryGetInteger(state["TimeoutSeconds"], out var timeout) && JsonText.TryGetInteger(state["HeartbeatSeconds"], out var heartbeat) && heartbeat >= timeout)
        {
            Add(Schema, "The value for the field 'HeartbeatSeconds' must be smaller than the value for the field 'TimeoutSeconds'", check.At("HeartbeatSeconds"));
        }

        if (state.TryGetPropertyValue("Credentials", out var credentials) && credentials is not JsonObject)
        {
            Add(Schema, "The value for the field 'Credentials' must be an OBJECT", check.At("Credentials"));
        }

        CheckRetry(check);
        CheckCatch(check);
    }

    private void CheckSecondsPair(StateCheck check, string field)
    {
        var state = check.State;
        var hasValue = state.TryGetPropertyValue(field, out var value);
        var hasPath = state.TryGetPropertyValue(field + "Path", out var path);
        if (hasValue && hasPath)
        {
            Add(Schema, $"The fields '{field}' and '{field}Path' cannot both be set", check.Location);
        }

        if (hasValue && !IsPositiveInteger(value) && !(check.IsJsonata && IsJsonataExpression(value)))
        {
            Add(Schema, $"The value for the field '{field}' must be a positive integer (at most 99999999)", check.At(field));
        }

        if (hasPath)
        {
            CheckReferencePath(path, check.At(field + "Path"), field + "Path");
        }
    }

    private void CheckWait(StateCheck check)
    {
        var state = check.State;
        var present = WaitFields.Where(state.ContainsKey).ToArray();
        if (present.Length != 1)
        {
            Add(Schema, "A Wait state must have exactly one of the fields [Seconds, Timestamp, SecondsPath, TimestampPath]", check.Location);
        }

        CheckPaths(check);
        CheckJsonataValue(check, "Output");
        if (state.TryGetPropertyValue("Seconds", out var seconds) && !(JsonText.TryGetInteger(seconds, out var s) && s >= 0 && s <= 99999999) && !(check.IsJsonata && IsJsonataExpression(seconds)))
        {
            Add(Schema, "The value for the field 'Seconds' must be a non-negative integer", check.At("Seconds"));
        }

        if (state.TryGetPropertyValue("Timestamp", out var timestamp)
            && !(JsonText.TryGetString(timestamp, out var text) && (States.WaitState.TryParseTimestamp(text, out _) || (check.IsJsonata && IsJsonataExpression(timestamp)))))
        {
            Add(Schema, "The value for the field 'Timestamp' must be an ISO-8601 timestamp such as 2026-01-01T00:00:00Z", check.At("Timestamp"));
        }

        foreach (var field in (string[])["SecondsPath", "TimestampPath"])
        {
            if (state.TryGetPropertyValue(field, out var path))
            {
                CheckReferencePath(path, check.At(field), field);
            }
        }
    }

    private void CheckFail(StateCheck check)
    {
        var state = check.State;
        foreach (var field in (string[])["Error", "Cause"])
        {
            if (state.TryGetPropertyValue(field, out var value) && !JsonText.TryGetString(value, out _))
            {
                Add(Schema, $"The value for the field '{field}' must be a STRING", check.At(field));
            }

            if (state.ContainsKey(field) && state.ContainsKey(field + "Path"))
            {
                Add(Schema, $"The fields '{field}' and '{field}Path' cannot both be set", check.Location);
            }

            if (state.TryGetPropertyValue(field + "Path", out var path))
            {
                if (JsonText.TryGetString(path, out var text) && Intrinsics.IntrinsicParser.LooksLikeCall(text))
                {
                    CheckIntrinsic(text, check.At(field + "Path"));
                }
                else
                {
                    CheckReferencePath(path, check.At(field + "Path"), field + "Path");
                }
            }

            if (check.IsJsonata)
            {
                CheckJsonataValue(check, field);
            }
        }
    }

    private void CheckParallel(StateCheck check)
    {
        var state = check.State;
        CheckPaths(check);
        CheckResultPath(state, check.Location, check.IsJsonata);
        CheckTemplate(check, "Parameters");
        CheckTemplate(check, "ResultSelector");
        CheckJsonataValue(check, "Arguments");
        CheckJsonataValue(check, "Output");
        if (!state.TryGetPropertyValue("Branches", out var branches))
        {
            Add(Schema, "The field 'Branches' is required but was missing", check.Location);
        }
        else if (branches is not JsonArray array || array.Count == 0)
        {
            Add(Schema, "The value for the field 'Branches' must be a non-empty ARRAY", check.At("Branches"));
        }
        else
        {
            for (var i = 0; i < array.Count; i++)
            {
                var location = $"{check.Location}/Branches[{i}]";
                if (array[i] is not JsonObject branch)
                {
                    Add(Schema, "A branch must be an OBJECT with StartAt and States", location);
                    continue;
                }

                CheckUnknownFields(branch, BranchFields, location);
                CheckGraph(branch, location, ReadGraphLanguage(branch, location, machineLanguage));
            }
        }

        CheckRetry(check);
        CheckCatch(check);
    }

    private QueryLanguage ReadGraphLanguage(JsonObject graph, string location, QueryLanguage inherited)
        => graph.TryGetPropertyValue("QueryLanguage", out var value) ? CheckQueryLanguage(value, location + "/QueryLanguage", inherited) : inherited;

    private static bool IsPositiveInteger(JsonNode? node) => JsonText.TryGetInteger(node, out var value) && value > 0 && value <= 99999999;

    private static bool IsJsonataExpression(JsonNode? node)
        => JsonText.TryGetString(node, out var text) && text.StartsWith("{%", StringComparison.Ordinal) && text.EndsWith("%}", StringComparison.Ordinal);

    private static bool IsBoolean(JsonNode? node) => JsonText.Kind(node) is JsonValueKind.True or JsonValueKind.False;
}
