using System.Text.Json.Nodes;
using Pipeline.StateMachines.Internal.Data;
using Pipeline.StateMachines.Internal.Execution;
using Pipeline.StateMachines.Internal.Json;
using Pipeline.StateMachines.Internal.Model;
using Pipeline.StateMachines.Internal.Paths;

namespace Pipeline.StateMachines.Internal.States;

/// <summary>ItemReader, ItemBatcher and ResultWriter of a Map state, delegated to the host's reader and writer.</summary>
internal sealed partial class MapState
{
    public MapIo? Reader { get; init; }

    public MapIo? Writer { get; init; }

    public MapBatcher? Batcher { get; init; }

    private async Task<JsonArray> ReadItemsAsync(StateRun run, JsonNode? effective)
    {
        var reader = run.Execution.ItemReader;
        var io = Reader!;
        var parameters = io.Resolve(run, effective, Language);
        if (reader is null)
        {
            throw run.Error(StatesErrors.ItemReaderFailed, $"The Map state reads its items with {io.Resource}, but the interpreter has no IMapItemReader. Configure StateMachineInterpreter.ItemReader.");
        }

        JsonArray items;
        try
        {
            items = await reader.ReadItemsAsync(new MapItemReaderRequest(io.Resource, parameters, (JsonObject?)io.Config?.DeepClone(), run.Execution.Request.ExecutionArn, Name), run.CancellationToken).ConfigureAwait(false);
        }
        catch (TaskFailedException ex)
        {
            throw new StatesException(StatesErrors.ItemReaderFailed, $"{ex.Error}: {ex.Cause}");
        }

        var maxItems = io.MaxItems;
        if (io.MaxItemsPath is not null)
        {
            var value = DataFlow.SelectOrFail(run, io.MaxItemsPath, run.Scope(effective));
            maxItems = JsonText.TryGetInteger(value, out var number) && number >= 0 ? number
                : throw run.RuntimeError($"The value of MaxItemsPath must be a non-negative integer but was '{JsonText.Serialize(value)}'.");
        }

        if (maxItems is > 0 && items.Count > maxItems)
        {
            var limited = new JsonArray();
            for (var i = 0; i < maxItems; i++)
            {
                limited.Add(items[i]?.DeepClone());
            }

            return limited;
        }

        return items;
    }

    private async Task<JsonNode?> WriteResultsAsync(StateRun run, JsonNode? effective, JsonArray results)
    {
        var writer = run.Execution.ResultWriter;
        var io = Writer!;
        var parameters = io.Resolve(run, effective, Language);
        if (writer is null)
        {
            throw run.Error(StatesErrors.ResultWriterFailed, $"The Map state writes its results with {io.Resource}, but the interpreter has no IMapResultWriter. Configure StateMachineInterpreter.ResultWriter.");
        }

        try
        {
            return await writer.WriteResultsAsync(new MapResultWriterRequest(io.Resource, parameters, (JsonObject?)io.Config?.DeepClone(), results, run.Execution.Request.ExecutionArn, Name), run.CancellationToken).ConfigureAwait(false);
        }
        catch (TaskFailedException ex)
        {
            throw new StatesException(StatesErrors.ResultWriterFailed, $"{ex.Error}: {ex.Cause}");
        }
    }

    /// <summary>Groups items into batches of <c>{"Items": [...]}</c> plus BatchInput, as ItemBatcher does.</summary>
    private JsonArray Batch(StateRun run, JsonNode? effective, JsonArray items)
    {
        var batcher = Batcher!;
        var size = batcher.MaxItemsPerBatch;
        if (batcher.MaxItemsPerBatchPath is not null)
        {
            var value = DataFlow.SelectOrFail(run, batcher.MaxItemsPerBatchPath, run.Scope(effective));
            size = JsonText.TryGetInteger(value, out var number) && number > 0 ? number
                : throw run.RuntimeError($"The value of MaxItemsPerBatchPath must be a positive integer but was '{JsonText.Serialize(value)}'.");
        }

        // NOTE: MaxInputBytesPerBatch is not applied; batches are cut by item count only.
        var perBatch = size is > 0 ? (int)size : items.Count;
        var batchInput = batcher.BatchInput is null ? null : DataFlow.Evaluate(run, batcher.BatchInput, run.Scope(effective));
        var batches = new JsonArray();
        for (var start = 0; start < items.Count; start += Math.Max(perBatch, 1))
        {
            var batch = new JsonObject();
            if (batchInput is not null)
            {
                batch["BatchInput"] = batchInput.DeepClone();
            }

            var list = new JsonArray();
            for (var i = start; i < Math.Min(items.Count, start + perBatch); i++)
            {
                list.Add(items[i]?.DeepClone());
            }

            batch["Items"] = list;
            batches.Add(batch);
        }

        return batches;
    }
}

/// <summary>An ItemReader or ResultWriter: a resource with parameters and a configuration object.</summary>
internal sealed class MapIo
{
    public required string Resource { get; init; }

    public PayloadTemplate? Parameters { get; init; }

    public JsonNode? Arguments { get; init; }

    public JsonObject? Config { get; init; }

    public long? MaxItems { get; init; }

    public JsonPath? MaxItemsPath { get; init; }

    public JsonNode? Resolve(StateRun run, JsonNode? effective, QueryLanguage language)
    {
        if (language == QueryLanguage.Jsonata)
        {
            return Arguments is null ? null : JsonataFlow.Evaluate(run, Arguments, run.Input, "Arguments");
        }

        return Parameters is null ? null : DataFlow.Evaluate(run, Parameters, run.Scope(effective));
    }
}

/// <summary>ItemBatcher settings.</summary>
internal sealed class MapBatcher
{
    public long? MaxItemsPerBatch { get; init; }

    public JsonPath? MaxItemsPerBatchPath { get; init; }

    public PayloadTemplate? BatchInput { get; init; }
}
