using System.Text.Json.Nodes;
using Pipeline.StateMachines.Internal.Json;
using Pipeline.StateMachines.Internal.Parsing;

namespace Pipeline.StateMachines.Internal.Validation;

/// <summary>Checks of Choice rules: top-level rules have Next, nested ones do not, one comparison per data test.</summary>
internal sealed partial class DefinitionChecker
{
    private void CheckChoice(StateCheck check)
    {
        var state = check.State;
        CheckPaths(check);
        CheckJsonataValue(check, "Output");
        if (state.TryGetPropertyValue("Default", out var fallback))
        {
            CheckTarget(fallback, check.States, check.At("Default"));
        }

        if (!state.TryGetPropertyValue("Choices", out var choices))
        {
            Add(Schema, "The field 'Choices' is required but was missing", check.Location);
            return;
        }

        if (choices is not JsonArray array || array.Count == 0)
        {
            Add(Schema, "The value for the field 'Choices' must be a non-empty ARRAY", check.At("Choices"));
            return;
        }

        for (var i = 0; i < array.Count; i++)
        {
            var location = $"{check.Location}/Choices[{i}]";
            if (array[i] is not JsonObject rule)
            {
                Add(Schema, "A choice rule must be an OBJECT", location);
                continue;
            }

            if (!rule.TryGetPropertyValue("Next", out var next))
            {
                Add(Schema, "The field 'Next' is required but was missing", location);
            }
            else
            {
                CheckTarget(next, check.States, location + "/Next");
            }

            CheckAssign(check, rule, location);
            if (check.IsJsonata)
            {
                CheckJsonataRule(rule, location);
            }
            else
            {
                CheckRule(rule, location, topLevel: true);
            }
        }
    }

    private void CheckJsonataRule(JsonObject rule, string location)
    {
        CheckUnknownFields(rule, ["Condition", "Next", "Comment", "Assign", "Output"], location);
        if (!rule.TryGetPropertyValue("Condition", out var condition))
        {
            Add(Schema, "The field 'Condition' is required but was missing", location);
        }
        else if (!IsJsonataExpression(condition) && !IsBoolean(condition))
        {
            Add(Schema, "The value for the field 'Condition' must be a JSONata expression {% ... %} or a boolean", location + "/Condition");
        }
        else
        {
            CheckJsonataSyntax(condition, location + "/Condition");
        }

        if (rule.TryGetPropertyValue("Output", out var output))
        {
            CheckJsonataSyntax(output, location + "/Output");
        }
    }

    private void CheckRule(JsonObject rule, string location, bool topLevel)
    {
        var allowedExtra = topLevel ? new[] { "Next", "Comment", "Assign" } : ["Comment"];
        if (!topLevel && rule.ContainsKey("Next"))
        {
            Add(Schema, "The field 'Next' is not allowed in a nested choice rule", location + "/Next");
        }

        foreach (var combinator in (string[])["And", "Or"])
        {
            if (rule.TryGetPropertyValue(combinator, out var list))
            {
                CheckUnknownFields(rule, [combinator, .. allowedExtra, "Next"], location);
                if (list is not JsonArray items || items.Count == 0)
                {
                    Add(Schema, $"The value for the field '{combinator}' must be a non-empty ARRAY", $"{location}/{combinator}");
                    return;
                }

                for (var i = 0; i < items.Count; i++)
                {
                    if (items[i] is JsonObject inner)
                    {
                        CheckRule(inner, $"{location}/{combinator}[{i}]", topLevel: false);
                    }
                    else
                    {
                        Add(Schema, "A choice rule must be an OBJECT", $"{location}/{combinator}[{i}]");
                    }
                }

                return;
            }
        }

        if (rule.TryGetPropertyValue("Not", out var not))
        {
            CheckUnknownFields(rule, ["Not", .. allowedExtra, "Next"], location);
            if (not is JsonObject inner)
            {
                CheckRule(inner, location + "/Not", topLevel: false);
            }
            else
            {
                Add(Schema, "The value for the field 'Not' must be an OBJECT", location + "/Not");
            }

            return;
        }

        CheckDataTest(rule, location, allowedExtra);
    }

    private void CheckDataTest(JsonObject rule, string location, string[] allowedExtra)
    {
        if (!rule.TryGetPropertyValue("Variable", out var variable))
        {
            Add(Schema, "The field 'Variable' is required but was missing", location);
        }
        else
        {
            CheckPath(variable, location + "/Variable", "Variable", reference: false);
        }

        var operators = rule.Select(pair => pair.Key)
            .Where(key => key != "Variable" && Array.IndexOf(allowedExtra, key) < 0 && key != "Next")
            .ToArray();
        if (operators.Length != 1)
        {
            Add(Schema, operators.Length == 0
                ? "A choice rule must have exactly one comparison operator such as StringEquals or NumericGreaterThan"
                : $"A choice rule must have exactly one comparison operator but has [{string.Join(", ", operators)}]", location);
            return;
        }

        var op = operators[0];
        var value = rule[op];
        var isPath = op.EndsWith("Path", StringComparison.Ordinal) && Array.IndexOf(DefinitionParser.Comparisons, op[..^4]) >= 0;
        var baseName = isPath ? op[..^4] : op;
        if (Array.IndexOf(DefinitionParser.Comparisons, baseName) < 0)
        {
            Add(Schema, $"The field '{op}' is not supported by Step Functions", $"{location}/{op}");
            return;
        }

        if (isPath)
        {
            if (baseName.StartsWith("Is", StringComparison.Ordinal))
            {
                Add(Schema, $"The field '{op}' is not supported by Step Functions", $"{location}/{op}");
            }
            else
            {
                CheckPath(value, $"{location}/{op}", op, reference: false);
            }

            return;
        }

        var valid = baseName switch
        {
            _ when baseName.StartsWith("String", StringComparison.Ordinal) => JsonText.TryGetString(value, out _),
            _ when baseName.StartsWith("Numeric", StringComparison.Ordinal) => JsonText.TryGetNumber(value, out _),
            _ when baseName.StartsWith("Timestamp", StringComparison.Ordinal) => JsonText.TryGetString(value, out var t) && States.WaitState.TryParseTimestamp(t, out _),
            _ => IsBoolean(value),
        };
        if (!valid)
        {
            var expected = baseName switch
            {
                _ when baseName.StartsWith("String", StringComparison.Ordinal) => "a STRING",
                _ when baseName.StartsWith("Numeric", StringComparison.Ordinal) => "a NUMBER",
                _ when baseName.StartsWith("Timestamp", StringComparison.Ordinal) => "an ISO-8601 timestamp STRING",
                _ => "a BOOLEAN",
            };
            Add(Schema, $"The value for the field '{op}' must be {expected}", $"{location}/{op}");
        }
    }
}
