using System.Text.Json.Nodes;
using Pipeline.StateMachines.Internal.Data;
using Pipeline.StateMachines.Internal.Execution;
using Pipeline.StateMachines.Internal.Json;
using Pipeline.StateMachines.Internal.Model;
using Pipeline.StateMachines.Internal.Paths;

namespace Pipeline.StateMachines.Internal.States;

/// <summary>Map (inline): runs the item processor once per item of an array and outputs the array of results.</summary>
internal sealed partial class MapState : CompositeState
{
    public override string Type => "Map";

    public required StateGraph ItemProcessor { get; init; }

    public JsonPath? ItemsPath { get; init; }

    /// <summary>JSONata <c>Items</c>: an array or an expression.</summary>
    public JsonNode? Items { get; init; }

    /// <summary>ItemSelector (or the older Parameters field of Map) in JSONPath states.</summary>
    public PayloadTemplate? ItemSelector { get; init; }

    /// <summary>ItemSelector in JSONata states.</summary>
    public JsonNode? ItemSelectorJsonata { get; init; }

    public int MaxConcurrency { get; init; }

    public JsonPath? MaxConcurrencyPath { get; init; }

    public JsonNode? MaxConcurrencyExpression { get; init; }

    public double? ToleratedFailurePercentage { get; init; }

    public JsonPath? ToleratedFailurePercentagePath { get; init; }

    public long? ToleratedFailureCount { get; init; }

    public JsonPath? ToleratedFailureCountPath { get; init; }

    public override IEnumerable<StateGraph> ChildGraphs => [ItemProcessor];

    public override async Task<StateOutcome> RunAsync(StateRun run)
    {
        var jsonata = Language == QueryLanguage.Jsonata;
        var effective = jsonata ? run.Input : DataFlow.ApplyInputPath(run, run.Input);
        JsonNode? items;
        if (Reader is not null)
        {
            items = await ReadItemsAsync(run, effective).ConfigureAwait(false);
        }
        else if (jsonata)
        {
            items = Items is null ? run.Input : JsonataFlow.Evaluate(run, Items, run.Input, "Items");
        }
        else
        {
            items = ItemsPath is null ? effective : DataFlow.SelectOrFail(run, ItemsPath, run.Scope(effective));
        }

        if (items is not JsonArray array)
        {
            var path = ItemsPath?.Text ?? "$";
            throw run.RuntimeError($"Invalid path '{path}': The value for the field 'ItemsPath' must be a JSON array but was '{JsonText.Serialize(items)}'.");
        }

        if (Batcher is not null)
        {
            array = Batch(run, effective, array);
        }

        var limits = ResolveLimits(run, effective);
        return await ErrorHandler.RunAsync(run, Retry, Catch, async () =>
        {
            JsonNode? result = await RunIterationsAsync(run, effective, array, limits).ConfigureAwait(false);
            if (Writer is not null)
            {
                result = await WriteResultsAsync(run, effective, (JsonArray)result!).ConfigureAwait(false);
            }

            return Transition(Finish(run, result));
        }).ConfigureAwait(false);
    }

    private JsonNode? SelectItem(StateRun run, JsonNode? effective, JsonNode? item, int index)
    {
        if (ItemSelector is null && ItemSelectorJsonata is null)
        {
            return item;
        }

        var mapItem = new JsonObject { ["Index"] = index, ["Value"] = JsonText.Clone(item) };
        if (Language == QueryLanguage.Jsonata)
        {
            return JsonataFlow.EvaluateItemSelector(run, ItemSelectorJsonata!, run.Input, mapItem);
        }

        var scope = new DataScope(
            effective,
            () =>
            {
                var context = run.BuildContextWithoutInput();
                context["Map"] = new JsonObject { ["Item"] = mapItem };
                return context;
            },
            run.Branch.Variables,
            run.Execution.Input);
        return DataFlow.Evaluate(run, ItemSelector!, scope);
    }
}
