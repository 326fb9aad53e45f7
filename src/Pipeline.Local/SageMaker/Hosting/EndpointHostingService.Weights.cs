using System.Text.Json.Nodes;
using Pipeline.Local.Services;

namespace Pipeline.Local.SageMaker.Hosting;

public sealed partial class EndpointHostingService
{
    /// <summary>
    /// Lists endpoints (<c>ListEndpoints</c>) with <c>StatusEquals</c>, <c>NameContains</c> and creation-time
    /// filters; <c>SortBy</c> is <c>CreationTime</c> (default), <c>Name</c> or <c>Status</c>, newest first by default.
    /// </summary>
    public async Task<JsonObject> ListEndpointsAsync(JsonObject request, CancellationToken cancellationToken = default)
    {
        var query = ListQuery.Read(request, descendingByDefault: true, "CreationTime", "Name", "Status");
        var status = SageMakerRequest.OptionalEnum(request, "StatusEquals",
            "OutOfService", "Creating", "Updating", "SystemUpdating", "RollingBack", "InService", "Deleting", "Failed", "UpdateRollbackFailed");
        var stored = await _store.ListAsync(EndpointKind, cancellationToken).ConfigureAwait(false);
        var endpoints = stored
            .Select(document => _endpoints.TryGetValue(((string)document["EndpointName"]!).ToLowerInvariant(), out var runtime) ? runtime.Document : document)
            .Where(document => status is null || (string?)document["EndpointStatus"] == status);
        var selected = query.Apply(endpoints, document => (string)document["EndpointName"]!, _ => 0, document => (string)document["EndpointStatus"]!);
        var (page, nextToken) = PageToken.Slice(selected, query.NextToken, query.MaxResults);
        var response = new JsonObject
        {
            ["Endpoints"] = new JsonArray(page
                .Select(document => (JsonNode)Pick(document, "EndpointName", "EndpointArn", "CreationTime", "LastModifiedTime", "EndpointStatus"))
                .ToArray()),
        };
        PageToken.AddTo(response, nextToken);
        return response;
    }

    /// <summary>
    /// Changes variant weights and instance counts of an InService endpoint
    /// (<c>UpdateEndpointWeightsAndCapacities</c>). Requests are routed by the new weights at once.
    /// </summary>
    /// <remarks>NOTE: SageMaker passes through Updating for this call; the local endpoint stays InService.</remarks>
    public async Task<JsonObject> UpdateEndpointWeightsAndCapacitiesAsync(JsonObject request, CancellationToken cancellationToken = default)
    {
        var name = SageMakerRequest.RequiredString(request, "EndpointName");
        if (request["DesiredWeightsAndCapacities"] is not JsonArray desired || desired.Count is 0 or > 10)
        {
            throw SageMakerRequest.ValidationError(request["DesiredWeightsAndCapacities"]?.ToJsonString(), "DesiredWeightsAndCapacities", "Member must have length between 1 and 10");
        }

        await _controlLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var runtime = GetRuntime(name);
            RequireInService(runtime, "update the weights and capacities of");
            var deployment = runtime.Current!;
            var weights = deployment.Weights.Weights.ToArray();
            var counts = deployment.Weights.InstanceCounts.ToArray();
            var unknown = new List<string>();
            for (var i = 0; i < desired.Count; i++)
            {
                var member = $"DesiredWeightsAndCapacities.{i + 1}";
                var item = desired[i] as JsonObject ?? throw SageMakerRequest.ValidationError(desired[i]?.ToJsonString(), member, "Member must be an object");
                var variantName = SageMakerRequest.RequiredString(item, "VariantName");
                var index = deployment.Variants.ToList().FindIndex(v => v.VariantName == variantName);
                if (index < 0)
                {
                    unknown.Add(variantName);
                    continue;
                }

                weights[index] = SageMakerRequest.OptionalDouble(item, "DesiredWeight", 0) ?? weights[index];
                counts[index] = SageMakerRequest.OptionalInt(item, "DesiredInstanceCount", 0, int.MaxValue) ?? counts[index];
            }

            if (unknown.Count > 0)
            {
                throw AwsServiceException.Validation(
                    $"The variant(s) \"[{Describe(unknown)}]\" is/are not present in endpoint \"{Arn("endpoint", runtime.Name)}\". Its variants are: {Describe(deployment.Variants.Select(v => v.VariantName))}.");
            }

            deployment.Weights = new VariantWeights(weights, counts);
            var document = runtime.Document.DeepClone().AsObject();
            var summaries = document["ProductionVariants"]!.AsArray();
            for (var i = 0; i < summaries.Count; i++)
            {
                summaries[i]!["CurrentWeight"] = weights[i];
                summaries[i]!["DesiredWeight"] = weights[i];
                summaries[i]!["CurrentInstanceCount"] = counts[i];
                summaries[i]!["DesiredInstanceCount"] = counts[i];
            }

            document["LastModifiedTime"] = Now();
            runtime.Document = document;
            await _store.PutAsync(EndpointKind, runtime.Name.ToLowerInvariant(), document, cancellationToken).ConfigureAwait(false);
            Log.EndpointWeightsUpdated(_logger, runtime.Name);
            return new JsonObject { ["EndpointArn"] = (string)document["EndpointArn"]! };
        }
        finally
        {
            _controlLock.Release();
        }
    }
}
