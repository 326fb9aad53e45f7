using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.StateMachines.Internal.Json;
using Pipeline.StateMachines.Internal.Model;

namespace Pipeline.StateMachines.Internal.Validation;

/// <summary>The fields each state type accepts, per query language, and the rules on their combinations.</summary>
internal sealed partial class DefinitionChecker
{
    private static readonly Dictionary<string, string[]> JsonPathFields = new(StringComparer.Ordinal)
    {
        ["Pass"] = ["Next", "End", "InputPath", "OutputPath", "ResultPath", "Parameters", "Result", "Assign"],
        ["Task"] = ["Resource", "Next", "End", "InputPath", "OutputPath", "ResultPath", "Parameters", "ResultSelector", "Retry", "Catch", "TimeoutSeconds", "TimeoutSecondsPath", "HeartbeatSeconds", "HeartbeatSecondsPath", "Credentials", "Assign"],
        ["Choice"] = ["Choices", "Default", "InputPath", "OutputPath", "Assign"],
        ["Wait"] = ["Next", "End", "InputPath", "OutputPath", "Seconds", "Timestamp", "SecondsPath", "TimestampPath", "Assign"],
        ["Succeed"] = ["InputPath", "OutputPath"],
        ["Fail"] = ["Error", "Cause", "ErrorPath", "CausePath"],
        ["Parallel"] = ["Branches", "Next", "End", "InputPath", "OutputPath", "ResultPath", "Parameters", "ResultSelector", "Retry", "Catch", "Assign"],
        ["Map"] = ["ItemProcessor", "Iterator", "ItemsPath", "ItemSelector", "Parameters", "ItemReader", "ItemBatcher", "ResultWriter", "MaxConcurrency", "MaxConcurrencyPath", "ToleratedFailurePercentage", "ToleratedFailurePercentagePath", "ToleratedFailureCount", "ToleratedFailureCountPath", "Label", "Next", "End", "InputPath", "OutputPath", "ResultPath", "ResultSelector", "Retry", "Catch", "Assign"],
    };

    private static readonly Dictionary<string, string[]> JsonataFields = new(StringComparer.Ordinal)
    {
        ["Pass"] = ["Next", "End", "Output", "Assign"],
        ["Task"] = ["Resource", "Next", "End", "Arguments", "Output", "Retry", "Catch", "TimeoutSeconds", "HeartbeatSeconds", "Credentials", "Assign"],
        ["Choice"] = ["Choices", "Default", "Output", "Assign"],
        ["Wait"] = ["Next", "End", "Seconds", "Timestamp", "Output", "Assign"],
        ["Succeed"] = ["Output"],
        ["Fail"] = ["Error", "Cause"],
        ["Parallel"] = ["Branches", "Next", "End", "Arguments", "Output", "Retry", "Catch", "Assign"],
        ["Map"] = ["ItemProcessor", "Items", "ItemSelector", "ItemReader", "ItemBatcher", "ResultWriter", "MaxConcurrency", "ToleratedFailurePercentage", "ToleratedFailureCount", "Label", "Next", "End", "Output", "Retry", "Catch", "Assign"],
    };

    private static readonly string[] CommonFields = ["Type", "Comment", "QueryLanguage"];

    private void CheckState(string name, JsonObject state, string location, QueryLanguage inherited, JsonObject states)
    {
        var language = inherited;
        if (state.TryGetPropertyValue("QueryLanguage", out var ql))
        {
            language = CheckQueryLanguage(ql, location + "/QueryLanguage", inherited);
        }

        if (!state.TryGetPropertyValue("Type", out var typeNode))
        {
            Add(Schema, "The field 'Type' is required but was missing", location);
            return;
        }

        if (!JsonText.TryGetString(typeNode, out var type) || !JsonPathFields.ContainsKey(type))
        {
            Add(Schema, $"The value for the field 'Type' must be one of [Pass, Task, Choice, Wait, Succeed, Fail, Parallel, Map] but was {JsonText.Serialize(typeNode)}", location + "/Type");
            return;
        }

        if (state.TryGetPropertyValue("Comment", out var comment) && !JsonText.TryGetString(comment, out _))
        {
            Add(Schema, "The value for the field 'Comment' must be a STRING", location + "/Comment");
        }

        var allowed = (language == QueryLanguage.Jsonata ? JsonataFields : JsonPathFields)[type];
        CheckUnknownFields(state, [.. CommonFields, .. allowed], location, language);
        CheckTransition(type, state, location, states);
        var context = new StateCheck(name, state, location, language, states);
        switch (type)
        {
            case "Pass":
                CheckPass(context);
                break;
            case "Task":
                CheckTask(context);
                break;
            case "Choice":
                CheckChoice(context);
                break;
            case "Wait":
                CheckWait(context);
                break;
            case "Succeed":
                CheckPaths(context);
                CheckJsonataValue(context, "Output");
                break;
            case "Fail":
                CheckFail(context);
                break;
            case "Parallel":
                CheckParallel(context);
                break;
            case "Map":
                CheckMap(context);
                break;
        }

        CheckAssign(context, state, location);
    }

    /// <summary>The state being checked and where it is.</summary>
    private readonly record struct StateCheck(string Name, JsonObject State, string Location, QueryLanguage Language, JsonObject States)
    {
        public bool IsJsonata => Language == QueryLanguage.Jsonata;

        public string At(string field) => $"{Location}/{field}";
    }

    private void CheckUnknownFields(JsonObject obj, string[] allowed, string location, QueryLanguage language = QueryLanguage.JsonPath)
    {
        foreach (var pair in obj)
        {
            if (Array.IndexOf(allowed, pair.Key) < 0)
            {
                string message;
                if (language == QueryLanguage.JsonPath && JsonataFields.Values.Any(fields => fields.Contains(pair.Key)) && !JsonPathFields.Values.Any(fields => fields.Contains(pair.Key)))
                {
                    message = $"The QueryLanguage is set to 'JSONPath', but field '{pair.Key}' is only supported for the 'JSONata' QueryLanguage";
                }
                else if (language == QueryLanguage.Jsonata && JsonPathFields.Values.Any(fields => fields.Contains(pair.Key)) && !JsonataFields.Values.Any(fields => fields.Contains(pair.Key)))
                {
                    message = $"The QueryLanguage is set to 'JSONata', but field '{pair.Key}' is only supported for the 'JSONPath' QueryLanguage";
                }
                else
                {
                    message = $"Field '{pair.Key}' is not supported";
                }

                // Step Functions reports an unsupported field at the object that contains it.
                Add(Schema, message, location.Length == 0 ? "/" : location);
            }
        }
    }

    private void CheckTransition(string type, JsonObject state, string location, JsonObject states)
    {
        var hasNext = state.TryGetPropertyValue("Next", out var next);
        var hasEnd = state.TryGetPropertyValue("End", out var end);
        if (type is "Choice" or "Succeed" or "Fail")
        {
            if (hasNext)
            {
                Add(Schema, $"The field 'Next' is not supported by Step Functions for {type} states", location + "/Next");
            }

            if (hasEnd)
            {
                Add(Schema, $"The field 'End' is not supported by Step Functions for {type} states", location + "/End");
            }

            return;
        }

        if (hasEnd && JsonText.Kind(end) is not (JsonValueKind.True or JsonValueKind.False))
        {
            Add(Schema, "The value for the field 'End' must be a BOOLEAN", location + "/End");
        }

        var isEnd = JsonText.Kind(end) == JsonValueKind.True;
        if (hasNext && isEnd)
        {
            Add(Schema, "The fields 'Next' and 'End' cannot both be set. Use Next to continue or \"End\": true to stop", location);
        }
        else if (!hasNext && !isEnd)
        {
            Add(Schema, "Exactly one of the fields 'Next' or 'End' (true) is required", location);
        }

        if (hasNext)
        {
            CheckTarget(next, states, location + "/Next");
        }
    }
}
