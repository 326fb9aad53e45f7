using System.Text.Json.Nodes;
using Pipeline.StateMachines.Internal.Json;

namespace Pipeline.StateMachines.Internal.Validation;

/// <summary>Checks of the Map state: item processor, items, selector, concurrency and tolerated failures.</summary>
internal sealed partial class DefinitionChecker
{
    private void CheckMap(StateCheck check)
    {
        var state = check.State;
        CheckPaths(check);
        CheckResultPath(state, check.Location, check.IsJsonata);
        CheckTemplate(check, "ResultSelector");
        CheckJsonataValue(check, "Output");
        CheckJsonataValue(check, "Items");
        if (state.ContainsKey("ItemSelector") && state.ContainsKey("Parameters"))
        {
            Add(Schema, "The fields 'ItemSelector' and 'Parameters' cannot both be set. Use ItemSelector", check.Location);
        }

        if (check.IsJsonata)
        {
            CheckJsonataValue(check, "ItemSelector");
        }
        else
        {
            CheckTemplate(check, "ItemSelector");
            CheckTemplate(check, "Parameters");
        }

        if (state.TryGetPropertyValue("ItemsPath", out var itemsPath))
        {
            CheckReferencePath(itemsPath, check.At("ItemsPath"), "ItemsPath");
        }

        CheckProcessor(check);
        CheckNumberPair(check, "MaxConcurrency", 0, int.MaxValue, integer: true);
        CheckNumberPair(check, "ToleratedFailurePercentage", 0, 100, integer: false);
        CheckNumberPair(check, "ToleratedFailureCount", 0, int.MaxValue, integer: true);
        CheckMapIo(check, "ItemReader", "ReaderConfig");
        CheckMapIo(check, "ResultWriter", "WriterConfig");
        if (state.TryGetPropertyValue("ItemBatcher", out var batcher))
        {
            if (batcher is not JsonObject batcherObject)
            {
                Add(Schema, "The value for the field 'ItemBatcher' must be an OBJECT", check.At("ItemBatcher"));
            }
            else
            {
                CheckUnknownFields(batcherObject, ["MaxItemsPerBatch", "MaxItemsPerBatchPath", "MaxInputBytesPerBatch", "MaxInputBytesPerBatchPath", "BatchInput"], check.At("ItemBatcher"));
            }
        }

        if (state.TryGetPropertyValue("Label", out var label) && (!JsonText.TryGetString(label, out var text) || text.Length > 40))
        {
            Add(Schema, "The value for the field 'Label' must be a STRING of at most 40 characters", check.At("Label"));
        }

        CheckRetry(check);
        CheckCatch(check);
    }

    private void CheckMapIo(StateCheck check, string field, string configField)
    {
        if (!check.State.TryGetPropertyValue(field, out var value))
        {
            return;
        }

        if (value is not JsonObject io)
        {
            Add(Schema, $"The value for the field '{field}' must be an OBJECT", check.At(field));
            return;
        }

        string[] allowed = check.IsJsonata ? ["Resource", "Arguments", configField] : ["Resource", "Parameters", configField];
        CheckUnknownFields(io, allowed, check.At(field), check.Language);
        if (!JsonText.TryGetString(io["Resource"], out var resource) || !resource.StartsWith("arn:", StringComparison.Ordinal))
        {
            Add(Schema, $"The field 'Resource' of {field} is required and must be an ARN such as arn:aws:states:::s3:getObject", check.At(field));
        }

        if (!check.IsJsonata && io.TryGetPropertyValue("Parameters", out var parameters))
        {
            CheckTemplateNode(parameters, check.At(field) + "/Parameters");
        }
    }

    private void CheckProcessor(StateCheck check)
    {
        var state = check.State;
        var hasProcessor = state.TryGetPropertyValue("ItemProcessor", out var processor);
        var hasIterator = state.TryGetPropertyValue("Iterator", out var iterator);
        if (hasProcessor && hasIterator)
        {
            Add(Schema, "The fields 'ItemProcessor' and 'Iterator' cannot both be set. Use ItemProcessor", check.Location);
            return;
        }

        if (!hasProcessor && !hasIterator)
        {
            Add(Schema, "The field 'ItemProcessor' is required but was missing", check.Location);
            return;
        }

        var field = hasProcessor ? "ItemProcessor" : "Iterator";
        if ((processor ?? iterator) is not JsonObject graph)
        {
            Add(Schema, $"The value for the field '{field}' must be an OBJECT with StartAt and States", check.At(field));
            return;
        }

        var location = check.At(field);
        CheckUnknownFields(graph, ProcessorFields, location);
        if (graph["ProcessorConfig"] is JsonObject config)
        {
            foreach (var pair in config)
            {
                if (pair.Key == "Mode")
                {
                    if (!JsonText.TryGetString(pair.Value, out var mode) || mode is not ("INLINE" or "DISTRIBUTED"))
                    {
                        Add(Schema, "The value for the field 'Mode' must be one of [INLINE, DISTRIBUTED]", location + "/ProcessorConfig/Mode");
                    }
                }
                else if (pair.Key == "ExecutionType")
                {
                    if (!JsonText.TryGetString(pair.Value, out var kind) || kind is not ("STANDARD" or "EXPRESS"))
                    {
                        Add(Schema, "The value for the field 'ExecutionType' must be one of [STANDARD, EXPRESS]", location + "/ProcessorConfig/ExecutionType");
                    }
                }
                else
                {
                    Add(Schema, $"The field '{pair.Key}' is not supported by Step Functions", location + "/ProcessorConfig/" + pair.Key);
                }
            }
        }
        else if (graph.ContainsKey("ProcessorConfig"))
        {
            Add(Schema, "The value for the field 'ProcessorConfig' must be an OBJECT", location + "/ProcessorConfig");
        }

        // The states of an item processor inherit the state machine's QueryLanguage, not the Map state's.
        CheckGraph(graph, location, machineLanguage);
    }

    private void CheckNumberPair(StateCheck check, string field, double min, double max, bool integer)
    {
        var state = check.State;
        var hasValue = state.TryGetPropertyValue(field, out var value);
        var hasPath = state.TryGetPropertyValue(field + "Path", out var path);
        if (hasValue && hasPath)
        {
            Add(Schema, $"The fields '{field}' and '{field}Path' cannot both be set", check.Location);
        }

        if (hasValue && !(check.IsJsonata && IsJsonataExpression(value)))
        {
            var valid = integer
                ? JsonText.TryGetInteger(value, out var whole) && whole >= min && whole <= max
                : JsonText.TryGetNumber(value, out var number) && number >= min && number <= max;
            if (!valid)
            {
                Add(Schema, $"The value for the field '{field}' must be {(integer ? "an integer" : "a number")} between {min} and {max}", check.At(field));
            }
        }

        if (hasPath)
        {
            CheckReferencePath(path, check.At(field + "Path"), field + "Path");
        }
    }
}
