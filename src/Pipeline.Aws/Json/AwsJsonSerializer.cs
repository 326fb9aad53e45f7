using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipeline.Aws.Json;

/// <summary>
/// Serializer settings of the API shapes: member names as the service spells them (camelCase for
/// Step Functions, PascalCase for SageMaker and Glue), nulls omitted, timestamps as epoch seconds.
/// </summary>
public static class AwsJsonSerializer
{
    /// <summary>Settings for Step Functions shapes (camelCase members).</summary>
    public static JsonSerializerOptions CamelCase { get; } = Create(JsonNamingPolicy.CamelCase);

    /// <summary>Settings for SageMaker and Glue shapes (PascalCase members, as declared).</summary>
    public static JsonSerializerOptions PascalCase { get; } = Create(null);

    /// <summary>Returns the settings that match <paramref name="service"/>'s member naming.</summary>
    public static JsonSerializerOptions For(AwsService service)
    {
        ArgumentNullException.ThrowIfNull(service);
        return service.TargetPrefix == AwsService.StepFunctions.TargetPrefix ? CamelCase : PascalCase;
    }

    private static JsonSerializerOptions Create(JsonNamingPolicy? namingPolicy)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.General)
        {
            PropertyNamingPolicy = namingPolicy,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            PropertyNameCaseInsensitive = false,
            NumberHandling = JsonNumberHandling.Strict,
        };
        options.Converters.Add(new EpochSecondsConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
