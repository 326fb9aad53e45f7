using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Local.Storage;
using Pipeline.StateMachines;

namespace Pipeline.Local.StepFunctions;

/// <summary>
/// Serves a Map state's <c>ItemReader</c> and <c>ResultWriter</c> from the local buckets, as Step Functions does
/// from S3: <c>s3:listObjectsV2</c> lists objects, <c>s3:getObject</c> reads a JSON array, JSON Lines or CSV
/// file, and <c>s3:putObject</c> writes the results with a manifest under the writer's prefix.
/// </summary>
public sealed class S3MapItemStore : IMapItemReader, IMapResultWriter
{
    private readonly IObjectStore _objects;

    public S3MapItemStore(IObjectStore objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        _objects = objects;
    }

    public async Task<JsonArray> ReadItemsAsync(MapItemReaderRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var bucket = Required(request.Parameters, "Bucket", request.StateName);
        var items = request.Resource switch
        {
            "arn:aws:states:::s3:listObjectsV2" => await ListAsync(bucket, request.Parameters?["Prefix"]?.GetValue<string>() ?? string.Empty, cancellationToken).ConfigureAwait(false),
            "arn:aws:states:::s3:getObject" => await ReadObjectAsync(bucket, Required(request.Parameters, "Key", request.StateName), request.ReaderConfig, cancellationToken).ConfigureAwait(false),
            _ => throw new TaskFailedException("States.Runtime", $"The ItemReader resource '{request.Resource}' of state '{request.StateName}' is not supported. Use arn:aws:states:::s3:getObject or arn:aws:states:::s3:listObjectsV2."),
        };
        if (request.ReaderConfig?["MaxItems"] is JsonValue max && max.TryGetValue<int>(out var maxItems) && maxItems > 0 && items.Count > maxItems)
        {
            return new JsonArray(items.Take(maxItems).Select(item => item?.DeepClone()).ToArray());
        }

        return items;
    }

    public async Task<JsonNode?> WriteResultsAsync(MapResultWriterRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Resource != "arn:aws:states:::s3:putObject")
        {
            throw new TaskFailedException("States.Runtime", $"The ResultWriter resource '{request.Resource}' of state '{request.StateName}' is not supported. Use arn:aws:states:::s3:putObject.");
        }

        var bucket = Required(request.Parameters, "Bucket", request.StateName);
        var prefix = request.Parameters?["Prefix"]?.GetValue<string>()?.TrimEnd('/') ?? string.Empty;
        var executionId = request.ExecutionArn[(request.ExecutionArn.LastIndexOf(':') + 1)..];
        var folder = (prefix.Length == 0 ? string.Empty : prefix + "/") + $"{executionId}-{request.StateName}";
        var succeeded = new JsonArray(request.Results.Select(result => (JsonNode?)new JsonObject
        {
            ["Output"] = result?.ToJsonString() ?? "null",
            ["OutputDetails"] = new JsonObject { ["Included"] = true },
            ["Status"] = "SUCCEEDED",
        }).ToArray());
        var resultKey = $"{folder}/SUCCEEDED_0.json";
        var resultInfo = await PutJsonAsync(bucket, resultKey, succeeded, cancellationToken).ConfigureAwait(false);
        var manifest = new JsonObject
        {
            ["DestinationBucket"] = bucket,
            ["MapRunArn"] = $"{request.ExecutionArn.Replace(":execution:", ":mapRun:", StringComparison.Ordinal)}/{request.StateName}",
            ["ResultFiles"] = new JsonObject
            {
                ["FAILED"] = new JsonArray(),
                ["PENDING"] = new JsonArray(),
                ["SUCCEEDED"] = new JsonArray(new JsonObject { ["Key"] = resultKey, ["Size"] = resultInfo.Size }),
            },
        };
        var manifestKey = $"{folder}/manifest.json";
        await PutJsonAsync(bucket, manifestKey, manifest, cancellationToken).ConfigureAwait(false);
        return new JsonObject { ["ResultWriterDetails"] = new JsonObject { ["Bucket"] = bucket, ["Key"] = manifestKey } };
    }

    private async Task<JsonArray> ListAsync(string bucket, string prefix, CancellationToken cancellationToken)
    {
        var items = new JsonArray();
        try
        {
            await foreach (var info in _objects.ListObjectsAsync(bucket, prefix, cancellationToken).ConfigureAwait(false))
            {
                items.Add(new JsonObject
                {
                    ["Etag"] = $"\"{info.ETag}\"",
                    ["Key"] = info.Key,
                    ["LastModified"] = info.LastModified.UtcDateTime.ToString("ddd, dd MMM yyyy HH:mm:ss 'GMT'", CultureInfo.InvariantCulture),
                    ["Size"] = info.Size,
                    ["StorageClass"] = "STANDARD",
                });
            }
        }
        catch (BucketNotFoundException ex)
        {
            throw new TaskFailedException("States.ItemReaderFailed", ex.Message);
        }

        return items;
    }

    private async Task<JsonArray> ReadObjectAsync(string bucket, string key, JsonObject? config, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            await using var stream = await _objects.GetObjectAsync(bucket, key, cancellationToken).ConfigureAwait(false);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            text = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectNotFoundException ex)
        {
            throw new TaskFailedException("States.ItemReaderFailed", ex.Message);
        }

        var inputType = config?["InputType"]?.GetValue<string>() ?? "JSON";
        try
        {
            return inputType switch
            {
                "JSON" => JsonNode.Parse(text) as JsonArray
                    ?? throw new TaskFailedException("States.ItemReaderFailed", $"s3://{bucket}/{key} must contain a JSON array when InputType is JSON."),
                "JSONL" => new JsonArray(text.Split('\n').Where(line => line.Trim().Length > 0).Select(line => JsonNode.Parse(line)).ToArray()),
                "CSV" => ReadCsv(text, config!),
                _ => throw new TaskFailedException("States.Runtime", $"The ReaderConfig InputType '{inputType}' is not supported locally. Use JSON, JSONL or CSV."),
            };
        }
        catch (JsonException ex)
        {
            throw new TaskFailedException("States.ItemReaderFailed", $"s3://{bucket}/{key} is not valid {inputType}: {ex.Message}");
        }
    }

    /// <summary>Reads CSV rows as objects keyed by the header, with every value a string, as Step Functions does.</summary>
    private static JsonArray ReadCsv(string text, JsonObject config)
    {
        var delimiter = config["CSVDelimiter"]?.GetValue<string>() switch
        {
            null or "COMMA" => ',',
            "PIPE" => '|',
            "SEMICOLON" => ';',
            "SPACE" => ' ',
            "TAB" => '\t',
            var other => throw new TaskFailedException("States.Runtime", $"The CSVDelimiter '{other}' is invalid. Use COMMA, PIPE, SEMICOLON, SPACE or TAB."),
        };
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Where(line => line.Length > 0).ToList();
        string[] headers;
        if (config["CSVHeaderLocation"]?.GetValue<string>() == "GIVEN")
        {
            headers = (config["CSVHeaders"] as JsonArray ?? []).Select(h => h!.GetValue<string>()).ToArray();
        }
        else
        {
            if (lines.Count == 0)
            {
                return [];
            }

            headers = SplitCsvLine(lines[0], delimiter);
            lines.RemoveAt(0);
        }

        var items = new JsonArray();
        foreach (var line in lines)
        {
            var fields = SplitCsvLine(line, delimiter);
            var item = new JsonObject();
            for (var i = 0; i < headers.Length; i++)
            {
                item[headers[i]] = i < fields.Length ? fields[i] : string.Empty;
            }

            items.Add(item);
        }

        return items;
    }

    private static string[] SplitCsvLine(string line, char delimiter)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == delimiter)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return [.. fields];
    }

    private async Task<ObjectInfo> PutJsonAsync(string bucket, string key, JsonNode content, CancellationToken cancellationToken)
    {
        await using var stream = new MemoryStream(Encoding.UTF8.GetBytes(content.ToJsonString()));
        try
        {
            return await _objects.PutObjectAsync(bucket, key, stream, cancellationToken).ConfigureAwait(false);
        }
        catch (BucketNotFoundException ex)
        {
            throw new TaskFailedException("States.ResultWriterFailed", ex.Message);
        }
    }

    private static string Required(JsonNode? parameters, string name, string stateName) =>
        parameters?[name]?.GetValue<string>()
        ?? throw new TaskFailedException("States.Runtime", $"The ItemReader or ResultWriter of state '{stateName}' has no {name} parameter.");
}
