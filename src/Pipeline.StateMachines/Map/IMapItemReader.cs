using System.Text.Json.Nodes;

namespace Pipeline.StateMachines;

/// <summary>
/// Reads the items of a Map state that has an <c>ItemReader</c> (a distributed Map reading from S3). The host
/// implements it against its object store; without one, such a Map fails with States.ItemReaderFailed.
/// </summary>
public interface IMapItemReader
{
    /// <summary>Returns the items, in order. Throw <see cref="TaskFailedException"/> to fail with a specific error.</summary>
    Task<JsonArray> ReadItemsAsync(MapItemReaderRequest request, CancellationToken cancellationToken);
}

/// <summary>One ItemReader call.</summary>
/// <param name="Resource">The reader's Resource, such as <c>arn:aws:states:::s3:getObject</c> or <c>arn:aws:states:::s3:listObjectsV2</c>.</param>
/// <param name="Parameters">The reader's Parameters (or JSONata Arguments), resolved, for example <c>{"Bucket":"b","Key":"items.csv"}</c>.</param>
/// <param name="ReaderConfig">The ReaderConfig object (InputType, CSVHeaderLocation, CSVHeaders, ...) or null.</param>
/// <param name="ExecutionArn">The ARN of the running execution.</param>
/// <param name="StateName">The name of the Map state.</param>
public sealed record MapItemReaderRequest(string Resource, JsonNode? Parameters, JsonObject? ReaderConfig, string ExecutionArn, string StateName);

/// <summary>
/// Writes the results of a Map state that has a <c>ResultWriter</c>. Its return value becomes the Map's result,
/// as Step Functions returns the ResultWriterDetails instead of the results.
/// </summary>
public interface IMapResultWriter
{
    /// <summary>Stores the results and returns the state's result. Throw <see cref="TaskFailedException"/> to fail.</summary>
    Task<JsonNode?> WriteResultsAsync(MapResultWriterRequest request, CancellationToken cancellationToken);
}

/// <summary>One ResultWriter call.</summary>
/// <param name="Resource">The writer's Resource, such as <c>arn:aws:states:::s3:putObject</c>.</param>
/// <param name="Parameters">The writer's Parameters (or JSONata Arguments), resolved, for example <c>{"Bucket":"b","Prefix":"out"}</c>.</param>
/// <param name="WriterConfig">The WriterConfig object or null.</param>
/// <param name="Results">The results of all iterations, in item order.</param>
/// <param name="ExecutionArn">The ARN of the running execution.</param>
/// <param name="StateName">The name of the Map state.</param>
public sealed record MapResultWriterRequest(string Resource, JsonNode? Parameters, JsonObject? WriterConfig, JsonArray Results, string ExecutionArn, string StateName);
