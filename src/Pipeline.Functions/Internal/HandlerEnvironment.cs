using System.Collections;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace Pipeline.Functions.Internal;

/// <summary>Plumbing shared by the handlers: the process environment, logging and stream JSON.</summary>
internal static class HandlerEnvironment
{
    public static IReadOnlyDictionary<string, string?> ReadProcessEnvironment()
    {
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            variables[(string)entry.Key] = entry.Value as string;
        }

        return variables;
    }

    /// <summary>Creates the logger factory of a handler run by Lambda: one line per message on standard output, which Lambda sends to CloudWatch Logs.</summary>
    public static ILoggerFactory CreateConsoleLoggerFactory() =>
        LoggerFactory.Create(builder => builder.AddSimpleConsole(options =>
        {
            options.SingleLine = true;
            options.IncludeScopes = true;
        }));

    public static async Task<JsonNode?> ReadJsonAsync(Stream input, string handler, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        try
        {
            return await JsonNode.ParseAsync(input, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException exception)
        {
            throw new ArgumentException($"The {handler} input is not valid JSON: {exception.Message}", nameof(input), exception);
        }
    }

    public static Stream WriteJson(JsonNode node)
    {
        var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            node.WriteTo(writer);
        }

        stream.Position = 0;
        return stream;
    }
}
