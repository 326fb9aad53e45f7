using System.Text.Json.Nodes;
using Pipeline.Local.Services;

namespace Pipeline.Local.SageMaker.Hosting;

public sealed partial class EndpointHostingService
{
    /// <summary>
    /// Creates an endpoint configuration (<c>CreateEndpointConfig</c>) with 1 to 10
    /// <c>ProductionVariants</c>: <c>VariantName</c>, <c>ModelName</c> (an existing model),
    /// <c>InitialInstanceCount</c>, <c>InstanceType</c> and <c>InitialVariantWeight</c> (default 1.0).
    /// </summary>
    public async Task<JsonObject> CreateEndpointConfigAsync(JsonObject request, CancellationToken cancellationToken = default)
    {
        var name = SageMakerRequest.RequiredName(request, "EndpointConfigName");
        if (request["ProductionVariants"] is not JsonArray variants || variants.Count is 0 or > 10)
        {
            throw SageMakerRequest.ValidationError(request["ProductionVariants"]?.ToJsonString(), "ProductionVariants", "Member must have length between 1 and 10");
        }

        var stored = new JsonArray();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < variants.Count; i++)
        {
            var member = $"ProductionVariants.{i + 1}";
            if (variants[i] is not JsonObject variant)
            {
                throw SageMakerRequest.ValidationError(variants[i]?.ToJsonString(), member, "Member must be an object");
            }

            var variantName = SageMakerRequest.RequiredString(variant, "VariantName");
            SageMakerRequest.CheckName(variantName, member + ".VariantName");
            if (!names.Add(variantName))
            {
                throw AwsServiceException.Validation($"The variant name '{variantName}' appears more than once in ProductionVariants. Variant names must be unique.");
            }

            var modelName = SageMakerRequest.RequiredString(variant, "ModelName");
            var model = await GetModelAsync(modelName, cancellationToken).ConfigureAwait(false);
            var copy = variant.DeepClone().AsObject();
            copy["ModelName"] = (string)model["ModelName"]!;
            var serverless = variant["ServerlessConfig"] is not null;
            if (!serverless)
            {
                copy["InitialInstanceCount"] = SageMakerRequest.OptionalInt(variant, "InitialInstanceCount", 1, int.MaxValue)
                    ?? throw SageMakerRequest.ValidationError(null, member + ".InitialInstanceCount", "Member must not be null");
                copy["InstanceType"] = SageMakerRequest.OptionalString(variant, "InstanceType")
                    ?? throw SageMakerRequest.ValidationError(null, member + ".InstanceType", "Member must not be null");
            }

            copy["InitialVariantWeight"] = SageMakerRequest.OptionalDouble(variant, "InitialVariantWeight", 0) ?? 1.0;
            stored.Add(copy);
        }

        var arn = Arn("endpoint-config", name);
        var document = new JsonObject
        {
            ["EndpointConfigName"] = name,
            ["EndpointConfigArn"] = arn,
            ["ProductionVariants"] = stored,
            ["CreationTime"] = Now(),
        };
        if (!await _store.TryAddAsync(EndpointConfigKind, name.ToLowerInvariant(), document, cancellationToken).ConfigureAwait(false))
        {
            throw AwsServiceException.Validation($"Cannot create already existing endpoint configuration \"{arn}\".");
        }

        return new JsonObject { ["EndpointConfigArn"] = arn };
    }

    /// <summary>Describes an endpoint configuration (<c>DescribeEndpointConfig</c>).</summary>
    public async Task<JsonObject> DescribeEndpointConfigAsync(JsonObject request, CancellationToken cancellationToken = default) =>
        await GetEndpointConfigAsync(SageMakerRequest.RequiredString(request, "EndpointConfigName"), cancellationToken).ConfigureAwait(false);

    /// <summary>Deletes an endpoint configuration (<c>DeleteEndpointConfig</c>); endpoints that use it keep serving, as in SageMaker.</summary>
    public async Task<JsonObject> DeleteEndpointConfigAsync(JsonObject request, CancellationToken cancellationToken = default)
    {
        var config = await GetEndpointConfigAsync(SageMakerRequest.RequiredString(request, "EndpointConfigName"), cancellationToken).ConfigureAwait(false);
        await _store.DeleteAsync(EndpointConfigKind, ((string)config["EndpointConfigName"]!).ToLowerInvariant(), cancellationToken).ConfigureAwait(false);
        return new JsonObject();
    }

    /// <summary>Lists endpoint configurations (<c>ListEndpointConfigs</c>), newest first by default.</summary>
    public async Task<JsonObject> ListEndpointConfigsAsync(JsonObject request, CancellationToken cancellationToken = default)
    {
        var query = ListQuery.Read(request, descendingByDefault: true);
        var configs = await _store.ListAsync(EndpointConfigKind, cancellationToken).ConfigureAwait(false);
        var selected = query.Apply(configs, config => (string)config["EndpointConfigName"]!, _ => 0);
        var (page, nextToken) = PageToken.Slice(selected, query.NextToken, query.MaxResults);
        var response = new JsonObject
        {
            ["EndpointConfigs"] = new JsonArray(page.Select(config => (JsonNode)Pick(config, "EndpointConfigName", "EndpointConfigArn", "CreationTime")).ToArray()),
        };
        PageToken.AddTo(response, nextToken);
        return response;
    }

    private async Task<JsonObject> GetEndpointConfigAsync(string name, CancellationToken cancellationToken) =>
        await _store.GetAsync(EndpointConfigKind, name.ToLowerInvariant(), cancellationToken).ConfigureAwait(false)
            ?? throw AwsServiceException.Validation($"Could not find endpoint configuration \"{Arn("endpoint-config", name)}\".");
}
