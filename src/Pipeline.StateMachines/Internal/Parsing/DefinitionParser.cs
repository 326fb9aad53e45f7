using System.Text.Json.Nodes;
using Pipeline.StateMachines.Internal.Data;
using Pipeline.StateMachines.Internal.Json;
using Pipeline.StateMachines.Internal.Model;
using Pipeline.StateMachines.Internal.Paths;
using Pipeline.StateMachines.Internal.States;

namespace Pipeline.StateMachines.Internal.Parsing;

/// <summary>
/// Builds the executable model from a definition that <see cref="Validation.DefinitionChecker"/> accepted:
/// paths, templates and intrinsic calls are compiled here once.
/// </summary>
internal static partial class DefinitionParser
{
    /// <summary>
    /// Parses a graph. The states of Parallel branches and Map processors inherit <paramref name="machine"/>, the state
    /// machine's QueryLanguage, not the language of the state that contains them.
    /// </summary>
    public static StateGraph ParseGraph(JsonObject json, QueryLanguage inherited, QueryLanguage? machine = null)
    {
        var language = ReadLanguage(json, inherited);
        var machineLanguage = machine ?? language;
        var states = new Dictionary<string, StateNode>(StringComparer.Ordinal);
        foreach (var pair in (JsonObject)json["States"]!)
        {
            states[pair.Key] = ParseState(pair.Key, (JsonObject)pair.Value!, language, machineLanguage);
        }

        return new StateGraph(json["StartAt"]!.GetValue<string>(), states, language);
    }

    public static QueryLanguage ReadLanguage(JsonObject json, QueryLanguage inherited)
    {
        if (!JsonText.TryGetString(json["QueryLanguage"], out var text))
        {
            return inherited;
        }

        return text == "JSONata" ? QueryLanguage.Jsonata : QueryLanguage.JsonPath;
    }

    private static StateNode ParseState(string name, JsonObject json, QueryLanguage inherited, QueryLanguage machine)
    {
        var language = ReadLanguage(json, inherited);
        var type = json["Type"]!.GetValue<string>();
        return type switch
        {
            "Pass" => new PassState
            {
                Name = name,
                Language = language,
                Result = json["Result"]?.DeepClone(),
                HasResult = json.ContainsKey("Result"),
                Parameters = Template(json, "Parameters"),
                ResultPath = Path(json, "ResultPath"),
                ResultPathNull = IsNull(json, "ResultPath"),
                Next = Text(json, "Next"),
                End = Bool(json, "End"),
                InputPath = Path(json, "InputPath"),
                InputPathNull = IsNull(json, "InputPath"),
                OutputPath = Path(json, "OutputPath"),
                OutputPathNull = IsNull(json, "OutputPath"),
                Assign = Assign(json, language),
                Output = json["Output"]?.DeepClone(),
            },
            "Task" => ParseTask(name, json, language),
            "Choice" => ParseChoice(name, json, language),
            "Wait" => new WaitState
            {
                Name = name,
                Language = language,
                Seconds = json["Seconds"]?.DeepClone(),
                Timestamp = json["Timestamp"]?.DeepClone(),
                SecondsPath = Path(json, "SecondsPath"),
                TimestampPath = Path(json, "TimestampPath"),
                Next = Text(json, "Next"),
                End = Bool(json, "End"),
                InputPath = Path(json, "InputPath"),
                InputPathNull = IsNull(json, "InputPath"),
                OutputPath = Path(json, "OutputPath"),
                OutputPathNull = IsNull(json, "OutputPath"),
                Assign = Assign(json, language),
                Output = json["Output"]?.DeepClone(),
            },
            "Succeed" => new SucceedState
            {
                Name = name,
                Language = language,
                End = true,
                InputPath = Path(json, "InputPath"),
                InputPathNull = IsNull(json, "InputPath"),
                OutputPath = Path(json, "OutputPath"),
                OutputPathNull = IsNull(json, "OutputPath"),
                Output = json["Output"]?.DeepClone(),
            },
            "Fail" => ParseFail(name, json, language),
            "Parallel" => ParseParallel(name, json, language, machine),
            "Map" => ParseMap(name, json, language, machine),
            _ => throw new InvalidDefinitionException([new DefinitionDiagnostic("SCHEMA_VALIDATION_FAILED", $"The state type '{type}' is not supported", $"/States/{name}/Type")]),
        };
    }

    private static FailState ParseFail(string name, JsonObject json, QueryLanguage language)
    {
        var errorPath = Text(json, "ErrorPath");
        var causePath = Text(json, "CausePath");
        return new FailState
        {
            Name = name,
            Language = language,
            Error = json["Error"]?.DeepClone(),
            Cause = json["Cause"]?.DeepClone(),
            ErrorPath = errorPath is not null && !Intrinsics.IntrinsicParser.LooksLikeCall(errorPath) ? JsonPath.Parse(errorPath) : null,
            CausePath = causePath is not null && !Intrinsics.IntrinsicParser.LooksLikeCall(causePath) ? JsonPath.Parse(causePath) : null,
            ErrorTemplate = errorPath is not null && Intrinsics.IntrinsicParser.LooksLikeCall(errorPath) ? new IntrinsicTemplate("ErrorPath", Intrinsics.IntrinsicParser.Parse(errorPath)) : null,
            CauseTemplate = causePath is not null && Intrinsics.IntrinsicParser.LooksLikeCall(causePath) ? new IntrinsicTemplate("CausePath", Intrinsics.IntrinsicParser.Parse(causePath)) : null,
        };
    }

    private static TaskState ParseTask(string name, JsonObject json, QueryLanguage language) => new()
    {
        Name = name,
        Language = language,
        Resource = json["Resource"]!.GetValue<string>(),
        Parameters = Template(json, "Parameters"),
        ResultSelector = Template(json, "ResultSelector"),
        ResultPath = Path(json, "ResultPath"),
        ResultPathNull = IsNull(json, "ResultPath"),
        TimeoutSeconds = IntegerOrNull(json, "TimeoutSeconds"),
        TimeoutSecondsPath = Path(json, "TimeoutSecondsPath"),
        TimeoutSecondsExpression = ExpressionOrNull(json, "TimeoutSeconds"),
        HeartbeatSeconds = IntegerOrNull(json, "HeartbeatSeconds"),
        HeartbeatSecondsPath = Path(json, "HeartbeatSecondsPath"),
        HeartbeatSecondsExpression = ExpressionOrNull(json, "HeartbeatSeconds"),
        Retry = Retriers(json),
        Catch = Catchers(json, language),
        Next = Text(json, "Next"),
        End = Bool(json, "End"),
        InputPath = Path(json, "InputPath"),
        InputPathNull = IsNull(json, "InputPath"),
        OutputPath = Path(json, "OutputPath"),
        OutputPathNull = IsNull(json, "OutputPath"),
        Assign = Assign(json, language),
        Arguments = json["Arguments"]?.DeepClone(),
        Output = json["Output"]?.DeepClone(),
    };

    private static ParallelState ParseParallel(string name, JsonObject json, QueryLanguage language, QueryLanguage machine) => new()
    {
        Name = name,
        Language = language,
        Branches = ((JsonArray)json["Branches"]!).Select(b => ParseGraph((JsonObject)b!, machine, machine)).ToArray(),
        Parameters = Template(json, "Parameters"),
        ResultSelector = Template(json, "ResultSelector"),
        ResultPath = Path(json, "ResultPath"),
        ResultPathNull = IsNull(json, "ResultPath"),
        Retry = Retriers(json),
        Catch = Catchers(json, language),
        Next = Text(json, "Next"),
        End = Bool(json, "End"),
        InputPath = Path(json, "InputPath"),
        InputPathNull = IsNull(json, "InputPath"),
        OutputPath = Path(json, "OutputPath"),
        OutputPathNull = IsNull(json, "OutputPath"),
        Assign = Assign(json, language),
        Arguments = json["Arguments"]?.DeepClone(),
        Output = json["Output"]?.DeepClone(),
    };

    private static MapState ParseMap(string name, JsonObject json, QueryLanguage language, QueryLanguage machine)
    {
        var processor = (JsonObject?)(json["ItemProcessor"] ?? json["Iterator"])!;
        var selectorName = json.ContainsKey("ItemSelector") ? "ItemSelector" : "Parameters";
        return new MapState
        {
            Name = name,
            Language = language,
            ItemProcessor = ParseGraph(processor, machine, machine),
            ItemsPath = Path(json, "ItemsPath"),
            Items = json["Items"]?.DeepClone(),
            ItemSelector = language == QueryLanguage.JsonPath ? Template(json, selectorName) : null,
            ItemSelectorJsonata = language == QueryLanguage.Jsonata ? json["ItemSelector"]?.DeepClone() : null,
            MaxConcurrency = IntegerOrNull(json, "MaxConcurrency") ?? 0,
            MaxConcurrencyPath = Path(json, "MaxConcurrencyPath"),
            MaxConcurrencyExpression = ExpressionOrNull(json, "MaxConcurrency"),
            ToleratedFailurePercentage = JsonText.TryGetNumber(json["ToleratedFailurePercentage"], out var percentage) ? percentage : null,
            ToleratedFailurePercentagePath = Path(json, "ToleratedFailurePercentagePath"),
            ToleratedFailureCount = JsonText.TryGetInteger(json["ToleratedFailureCount"], out var count) ? count : null,
            ToleratedFailureCountPath = Path(json, "ToleratedFailureCountPath"),
            ResultSelector = Template(json, "ResultSelector"),
            ResultPath = Path(json, "ResultPath"),
            ResultPathNull = IsNull(json, "ResultPath"),
            Retry = Retriers(json),
            Catch = Catchers(json, language),
            Next = Text(json, "Next"),
            End = Bool(json, "End"),
            InputPath = Path(json, "InputPath"),
            InputPathNull = IsNull(json, "InputPath"),
            OutputPath = Path(json, "OutputPath"),
            OutputPathNull = IsNull(json, "OutputPath"),
            Assign = Assign(json, language),
            Output = json["Output"]?.DeepClone(),
            Reader = MapIo(json["ItemReader"] as JsonObject, "ReaderConfig"),
            Writer = MapIo(json["ResultWriter"] as JsonObject, "WriterConfig"),
            Batcher = json["ItemBatcher"] is JsonObject batcher
                ? new MapBatcher
                {
                    MaxItemsPerBatch = JsonText.TryGetInteger(batcher["MaxItemsPerBatch"], out var perBatch) ? perBatch : null,
                    MaxItemsPerBatchPath = Path(batcher, "MaxItemsPerBatchPath"),
                    BatchInput = batcher.ContainsKey("BatchInput") ? PayloadTemplate.Compile(batcher["BatchInput"]) : null,
                }
                : null,
        };
    }

    private static MapIo? MapIo(JsonObject? json, string configName)
    {
        if (json is null)
        {
            return null;
        }

        var config = json[configName] as JsonObject;
        return new MapIo
        {
            Resource = Text(json, "Resource") ?? string.Empty,
            Parameters = Template(json, "Parameters"),
            Arguments = json["Arguments"]?.DeepClone(),
            Config = (JsonObject?)config?.DeepClone(),
            MaxItems = config is not null && JsonText.TryGetInteger(config["MaxItems"], out var max) ? max : null,
            MaxItemsPath = config is null ? null : Path(config, "MaxItemsPath"),
        };
    }
}
