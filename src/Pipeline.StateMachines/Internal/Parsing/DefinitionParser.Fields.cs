using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.StateMachines.Internal.Data;
using Pipeline.StateMachines.Internal.Json;
using Pipeline.StateMachines.Internal.Model;
using Pipeline.StateMachines.Internal.Paths;
using Pipeline.StateMachines.Internal.States;

namespace Pipeline.StateMachines.Internal.Parsing;

/// <summary>Field readers and the Retry, Catch, Assign and Choice rule parsers.</summary>
internal static partial class DefinitionParser
{
    private static string? Text(JsonObject json, string name) => JsonText.TryGetString(json[name], out var value) ? value : null;

    private static bool Bool(JsonObject json, string name) => JsonText.Kind(json[name]) == JsonValueKind.True;

    private static bool IsNull(JsonObject json, string name) => json.TryGetPropertyValue(name, out var value) && value is null;

    private static JsonPath? Path(JsonObject json, string name) => Text(json, name) is { } text ? JsonPath.Parse(text) : null;

    private static PayloadTemplate? Template(JsonObject json, string name)
        => json.TryGetPropertyValue(name, out var value) ? PayloadTemplate.Compile(value) : null;

    private static int? IntegerOrNull(JsonObject json, string name) => JsonText.TryGetInteger(json[name], out var value) ? (int)value : null;

    private static JsonNode? ExpressionOrNull(JsonObject json, string name) => JsonText.TryGetString(json[name], out _) ? json[name]!.DeepClone() : null;

    private static AssignBlock? Assign(JsonObject json, QueryLanguage language)
    {
        if (json["Assign"] is not JsonObject assign)
        {
            return null;
        }

        var copy = (JsonObject)assign.DeepClone();
        return new AssignBlock(copy, language == QueryLanguage.JsonPath ? PayloadTemplate.Compile(copy) : null);
    }

    private static Retrier[] Retriers(JsonObject json)
    {
        if (json["Retry"] is not JsonArray retry)
        {
            return [];
        }

        return retry.Select(node =>
        {
            var r = (JsonObject)node!;
            return new Retrier
            {
                ErrorEquals = ErrorNames(r),
                IntervalSeconds = JsonText.TryGetNumber(r["IntervalSeconds"], out var interval) ? interval : 1,
                MaxAttempts = IntegerOrNull(r, "MaxAttempts") ?? 3,
                BackoffRate = JsonText.TryGetNumber(r["BackoffRate"], out var backoff) ? backoff : 2.0,
                MaxDelaySeconds = JsonText.TryGetNumber(r["MaxDelaySeconds"], out var maxDelay) ? maxDelay : null,
                FullJitter = Text(r, "JitterStrategy") == "FULL",
            };
        }).ToArray();
    }

    private static Catcher[] Catchers(JsonObject json, QueryLanguage language)
    {
        if (json["Catch"] is not JsonArray catchers)
        {
            return [];
        }

        return catchers.Select(node =>
        {
            var c = (JsonObject)node!;
            return new Catcher
            {
                ErrorEquals = ErrorNames(c),
                Next = Text(c, "Next")!,
                ResultPath = Path(c, "ResultPath"),
                DiscardResult = IsNull(c, "ResultPath"),
                Output = c["Output"]?.DeepClone(),
                Assign = Assign(c, language),
            };
        }).ToArray();
    }

    private static string[] ErrorNames(JsonObject json)
        => ((JsonArray)json["ErrorEquals"]!).Select(e => e!.GetValue<string>()).ToArray();

    private static ChoiceState ParseChoice(string name, JsonObject json, QueryLanguage language) => new()
    {
        Name = name,
        Language = language,
        Choices = ((JsonArray)json["Choices"]!).Select(node =>
        {
            var rule = (JsonObject)node!;
            return new ChoiceBranch
            {
                Rule = language == QueryLanguage.JsonPath ? ParseRule(rule) : null,
                Condition = rule["Condition"]?.DeepClone(),
                Next = Text(rule, "Next")!,
                Assign = Assign(rule, language),
                Output = rule["Output"]?.DeepClone(),
            };
        }).ToArray(),
        Default = Text(json, "Default"),
        InputPath = Path(json, "InputPath"),
        InputPathNull = IsNull(json, "InputPath"),
        OutputPath = Path(json, "OutputPath"),
        OutputPathNull = IsNull(json, "OutputPath"),
        Assign = Assign(json, language),
        Output = json["Output"]?.DeepClone(),
    };

    /// <summary>The comparison operators of a data-test expression, without their <c>Path</c> variants.</summary>
    internal static readonly string[] Comparisons =
    [
        "StringEquals", "StringLessThan", "StringGreaterThan", "StringLessThanEquals", "StringGreaterThanEquals", "StringMatches",
        "NumericEquals", "NumericLessThan", "NumericGreaterThan", "NumericLessThanEquals", "NumericGreaterThanEquals",
        "BooleanEquals",
        "TimestampEquals", "TimestampLessThan", "TimestampGreaterThan", "TimestampLessThanEquals", "TimestampGreaterThanEquals",
        "IsNull", "IsPresent", "IsNumeric", "IsString", "IsBoolean", "IsTimestamp",
    ];

    private static ChoiceRule ParseRule(JsonObject rule)
    {
        if (rule["And"] is JsonArray and)
        {
            return new AndRule(and.Select(r => ParseRule((JsonObject)r!)).ToArray());
        }

        if (rule["Or"] is JsonArray or)
        {
            return new OrRule(or.Select(r => ParseRule((JsonObject)r!)).ToArray());
        }

        if (rule["Not"] is JsonObject not)
        {
            return new NotRule(ParseRule(not));
        }

        var variable = JsonPath.Parse(Text(rule, "Variable")!);
        foreach (var pair in rule)
        {
            if (pair.Key is "Variable" or "Next" or "Comment" or "Assign" or "Output")
            {
                continue;
            }

            if (pair.Key.EndsWith("Path", StringComparison.Ordinal) && pair.Key != "StringMatches")
            {
                return new ComparisonRule(variable, pair.Key, null, JsonPath.Parse(pair.Value!.GetValue<string>()));
            }

            return new ComparisonRule(variable, pair.Key, pair.Value?.DeepClone(), null);
        }

        throw new InvalidDefinitionException([new DefinitionDiagnostic("SCHEMA_VALIDATION_FAILED", "The choice rule has no comparison operator", "/Choices")]);
    }
}
