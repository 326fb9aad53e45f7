using System.Text.Json.Nodes;
using Pipeline.StateMachines.Internal.Data;
using Pipeline.StateMachines.Internal.Intrinsics;
using Pipeline.StateMachines.Internal.Json;
using Pipeline.StateMachines.Internal.Paths;

namespace Pipeline.StateMachines.Internal.Validation;

/// <summary>Checks of paths, payload templates, intrinsic functions, Assign and JSONata values.</summary>
internal sealed partial class DefinitionChecker
{
    private void CheckPaths(StateCheck check)
    {
        foreach (var field in (string[])["InputPath", "OutputPath"])
        {
            if (check.State.TryGetPropertyValue(field, out var value) && value is not null)
            {
                CheckPath(value, check.At(field), field, reference: false);
            }
        }
    }

    private void CheckResultPath(JsonObject obj, string location, bool jsonata)
    {
        if (!jsonata && obj.TryGetPropertyValue("ResultPath", out var value) && value is not null)
        {
            CheckReferencePath(value, location + "/ResultPath", "ResultPath");
        }
    }

    private void CheckReferencePath(JsonNode? value, string location, string field) => CheckPath(value, location, field, reference: true);

    /// <summary>Checks a Path (any JSONPath) or a Reference Path (a definite path: members and indexes only).</summary>
    private void CheckPath(JsonNode? value, string location, string field, bool reference)
    {
        if (!JsonText.TryGetString(value, out var text))
        {
            Add(Schema, $"The value for the field '{field}' must be a STRING that contains a JSONPath", location);
            return;
        }

        if (!JsonPath.TryParse(text, out var path, out var error))
        {
            Add(Schema, $"The value for the field '{field}' must be a valid JSONPath: {error}", location);
            return;
        }

        if (reference && !path.IsDefinite)
        {
            Add(Schema, $"The value for the field '{field}' must be a valid ReferencePath (members and indexes only, no wildcards, filters or functions) but was '{text}'", location);
        }

        if (field == "ResultPath" && path.Root != PathRoot.Input)
        {
            Add(Schema, $"The value for the field 'ResultPath' must start with '$' and refer to the state input but was '{text}'", location);
        }
    }

    private void CheckTemplate(StateCheck check, string field)
    {
        if (check.IsJsonata || !check.State.TryGetPropertyValue(field, out var value))
        {
            return;
        }

        CheckTemplateNode(value, check.At(field));
    }

    private void CheckTemplateNode(JsonNode? node, string location)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var pair in obj)
                {
                    var fieldLocation = $"{location}/{pair.Key}";
                    if (pair.Key.EndsWith(".$", StringComparison.Ordinal))
                    {
                        if (!JsonText.TryGetString(pair.Value, out var expression))
                        {
                            Add(Schema, $"The value for the field '{pair.Key}' must be a STRING that contains a JSONPath or an intrinsic function", fieldLocation);
                        }
                        else if (IntrinsicParser.LooksLikeCall(expression))
                        {
                            CheckIntrinsic(expression, fieldLocation);
                        }
                        else
                        {
                            CheckPath(pair.Value, fieldLocation, pair.Key, reference: false);
                        }
                    }
                    else
                    {
                        CheckTemplateNode(pair.Value, fieldLocation);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    CheckTemplateNode(array[i], $"{location}[{i}]");
                }

                break;
        }
    }

    private void CheckIntrinsic(string expression, string location)
    {
        if (!IntrinsicParser.TryParse(expression, out _, out var error))
        {
            Add(Schema, $"The value '{expression}' is not a valid intrinsic function: {error}", location);
        }
    }

    private void CheckAssign(StateCheck check, JsonObject owner, string location)
    {
        if (!owner.TryGetPropertyValue("Assign", out var assign))
        {
            return;
        }

        if (assign is not JsonObject variables)
        {
            Add(Schema, "The value for the field 'Assign' must be an OBJECT", location + "/Assign");
            return;
        }

        foreach (var pair in variables)
        {
            var name = check.IsJsonata ? pair.Key : pair.Key.EndsWith(".$", StringComparison.Ordinal) ? pair.Key[..^2] : pair.Key;
            if (!IsVariableName(name))
            {
                Add(Schema, $"The variable name '{name}' is invalid. Use letters, digits and underscores, starting with a letter or underscore", $"{location}/Assign/{pair.Key}");
            }
            else if (name == "states")
            {
                Add(Schema, "The variable name 'states' is reserved for $states in JSONata. Choose another name", $"{location}/Assign/{pair.Key}");
            }
        }

        if (check.IsJsonata)
        {
            CheckJsonataSyntax(assign, location + "/Assign");
        }
        else
        {
            CheckTemplateNode(assign, location + "/Assign");
        }
    }

    private static bool IsVariableName(string name)
        => name.Length is > 0 and <= 80 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private void CheckJsonataValue(StateCheck check, string field)
    {
        if (!check.State.TryGetPropertyValue(field, out var value))
        {
            return;
        }

        if (check.IsJsonata)
        {
            CheckJsonataSyntax(value, check.At(field));
        }
    }

    /// <summary>Checks that every string shaped like <c>{% ... %}</c> is a complete JSONata expression.</summary>
    private void CheckJsonataSyntax(JsonNode? value, string location)
    {
        switch (value)
        {
            case JsonObject obj:
                foreach (var pair in obj)
                {
                    CheckJsonataSyntax(pair.Value, $"{location}/{pair.Key}");
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    CheckJsonataSyntax(array[i], $"{location}[{i}]");
                }

                break;
            default:
                if (JsonText.TryGetString(value, out var text) && text.StartsWith("{%", StringComparison.Ordinal))
                {
                    if (!text.EndsWith("%}", StringComparison.Ordinal) || text.Length < 4)
                    {
                        Add(Schema, "A JSONata expression must be written as {% expression %}", location);
                    }
                    else if (JsonataSyntax.Check(text[2..^2]) is { } error)
                    {
                        Add(Schema, $"The JSONata expression '{text}' is invalid: {error}", location);
                    }
                    else if (text.Contains("$$", StringComparison.Ordinal))
                    {
                        Add(Schema, $"The JSONata expression '{text}' uses $$, which Step Functions does not offer. Read the context object from $states.context", location);
                    }
                    else if (text.Contains("$states.errorOutput", StringComparison.Ordinal) && !location.Contains("/Catch[", StringComparison.Ordinal))
                    {
                        Add(Schema, $"The JSONata expression '{text}' reads $states.errorOutput, which exists only in the Output and Assign of a Catch", location);
                    }
                }

                break;
        }
    }

    private void CheckRetry(StateCheck check)
    {
        if (!check.State.TryGetPropertyValue("Retry", out var retry))
        {
            return;
        }

        if (retry is not JsonArray retriers)
        {
            Add(Schema, "The value for the field 'Retry' must be an ARRAY", check.At("Retry"));
            return;
        }

        for (var i = 0; i < retriers.Count; i++)
        {
            var location = $"{check.Location}/Retry[{i}]";
            if (retriers[i] is not JsonObject retrier)
            {
                Add(Schema, "A retrier must be an OBJECT", location);
                continue;
            }

            CheckUnknownFields(retrier, ["ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds", "JitterStrategy", "Comment"], location);
            CheckErrorEquals(retrier, location, i == retriers.Count - 1, "Retry");
            if (retrier.TryGetPropertyValue("IntervalSeconds", out var interval) && !IsPositiveInteger(interval))
            {
                Add(Schema, "The value for the field 'IntervalSeconds' must be a positive integer", location + "/IntervalSeconds");
            }

            if (retrier.TryGetPropertyValue("MaxAttempts", out var attempts) && !(JsonText.TryGetInteger(attempts, out var a) && a >= 0 && a <= 99999999))
            {
                Add(Schema, "The value for the field 'MaxAttempts' must be a non-negative integer", location + "/MaxAttempts");
            }

            if (retrier.TryGetPropertyValue("BackoffRate", out var backoff) && !(JsonText.TryGetNumber(backoff, out var b) && b >= 1.0))
            {
                Add(Schema, "The value for the field 'BackoffRate' must be a number greater than or equal to 1.0", location + "/BackoffRate");
            }

            if (retrier.TryGetPropertyValue("MaxDelaySeconds", out var maxDelay) && !IsPositiveInteger(maxDelay))
            {
                Add(Schema, "The value for the field 'MaxDelaySeconds' must be a positive integer", location + "/MaxDelaySeconds");
            }

            if (retrier.TryGetPropertyValue("JitterStrategy", out var jitter) && !(JsonText.TryGetString(jitter, out var j) && j is "FULL" or "NONE"))
            {
                Add(Schema, "The value for the field 'JitterStrategy' must be one of [FULL, NONE]", location + "/JitterStrategy");
            }
        }
    }

    private void CheckCatch(StateCheck check)
    {
        if (!check.State.TryGetPropertyValue("Catch", out var catchNode))
        {
            return;
        }

        if (catchNode is not JsonArray catchers)
        {
            Add(Schema, "The value for the field 'Catch' must be an ARRAY", check.At("Catch"));
            return;
        }

        for (var i = 0; i < catchers.Count; i++)
        {
            var location = $"{check.Location}/Catch[{i}]";
            if (catchers[i] is not JsonObject catcher)
            {
                Add(Schema, "A catcher must be an OBJECT", location);
                continue;
            }

            string[] allowed = check.IsJsonata ? ["ErrorEquals", "Next", "Output", "Assign", "Comment"] : ["ErrorEquals", "Next", "ResultPath", "Assign", "Comment"];
            CheckUnknownFields(catcher, allowed, location, check.Language);
            CheckErrorEquals(catcher, location, i == catchers.Count - 1, "Catch");
            if (!catcher.TryGetPropertyValue("Next", out var next))
            {
                Add(Schema, "The field 'Next' is required but was missing", location);
            }
            else
            {
                CheckTarget(next, check.States, location + "/Next");
            }

            CheckResultPath(catcher, location, check.IsJsonata);
            if (check.IsJsonata && catcher.TryGetPropertyValue("Output", out var output))
            {
                CheckJsonataSyntax(output, location + "/Output");
            }

            CheckAssign(check, catcher, location);
        }
    }

    private void CheckErrorEquals(JsonObject rule, string location, bool isLast, string field)
    {
        if (!rule.TryGetPropertyValue("ErrorEquals", out var value))
        {
            Add(Schema, "The field 'ErrorEquals' is required but was missing", location);
            return;
        }

        if (value is not JsonArray names || names.Count == 0 || names.Any(n => !JsonText.TryGetString(n, out var s) || s.Length == 0))
        {
            Add(Schema, "The value for the field 'ErrorEquals' must be a non-empty ARRAY of STRINGs", location + "/ErrorEquals");
            return;
        }

        var hasAll = names.Any(n => n!.GetValue<string>() == StatesErrors.All);
        if (hasAll && names.Count > 1)
        {
            Add(Schema, "States.ALL must appear alone in ErrorEquals", location + "/ErrorEquals");
        }

        if (hasAll && !isLast)
        {
            Add(Schema, $"A {(field == "Retry" ? "retrier" : "catcher")} with States.ALL must be the last one in {field}", location + "/ErrorEquals");
        }
    }
}
