using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Local.Services;

namespace Pipeline.Cli.Commands;

/// <summary>Reads request files and prints responses of the local AWS services.</summary>
internal static class JsonOutput
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void Print(JsonNode? node) => Console.WriteLine(node?.ToJsonString(Indented) ?? "null");

    /// <summary>Reads a request JSON file, as <c>aws ... --cli-input-json file://FILE</c> takes it.</summary>
    public static JsonObject ReadRequest(FileInfo file)
    {
        if (!file.Exists)
        {
            throw new UserErrorException($"The request file '{file.FullName}' does not exist.");
        }

        try
        {
            return JsonNode.Parse(File.ReadAllText(file.FullName)) as JsonObject
                ?? throw new UserErrorException($"The request file '{file.FullName}' must contain a JSON object.");
        }
        catch (JsonException ex)
        {
            throw new UserErrorException($"The request file '{file.FullName}' is not valid JSON: {ex.Message}", ex);
        }
    }

    /// <summary>Invokes a local service operation, turning its AWS errors into user errors with the error code.</summary>
    public static async Task<JsonObject> InvokeAsync(LocalServiceRegistry services, string service, string operation, JsonObject request, CancellationToken cancellationToken)
    {
        try
        {
            return await services.InvokeAsync(service, operation, request, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException ex)
        {
            throw new UserErrorException($"{operation} failed with {ex.ErrorCode}: {ex.Message}", ex);
        }
    }
}
