using System.Text.Json.Nodes;
using Pipeline.Local.Services;
using Pipeline.Local.Storage;

namespace Pipeline.Local.SageMaker.Hosting;

public sealed partial class EndpointHostingService
{
    /// <summary>
    /// Creates a model (<c>CreateModel</c>) from <c>PrimaryContainer</c> (or a single entry of
    /// <c>Containers</c>): <c>Image</c>, <c>ModelDataUrl</c> and <c>Environment</c>. The model data must
    /// exist in the local object store, as SageMaker checks it when the model is created.
    /// </summary>
    public async Task<JsonObject> CreateModelAsync(JsonObject request, CancellationToken cancellationToken = default)
    {
        var name = SageMakerRequest.RequiredName(request, "ModelName");
        var container = ReadContainer(request);
        var modelDataUrl = SageMakerRequest.OptionalString(container, "ModelDataUrl");
        if (modelDataUrl is not null)
        {
            if (!S3Uri.TryParse(modelDataUrl, out var uri) || uri.Key.Length == 0)
            {
                throw SageMakerRequest.ValidationError(modelDataUrl, "PrimaryContainer.ModelDataUrl", "Member must satisfy regular expression pattern: ^(https|s3)://([^/]+)/?(.*)$");
            }

            if (await _objectStore.HeadObjectAsync(uri.Bucket, uri.Key, cancellationToken).ConfigureAwait(false) is null)
            {
                throw AwsServiceException.Validation($"Could not find model data at {modelDataUrl}.");
            }
        }

        var arn = Arn("model", name);
        var document = new JsonObject
        {
            ["ModelName"] = name,
            ["PrimaryContainer"] = container,
            ["ExecutionRoleArn"] = SageMakerRequest.OptionalString(request, "ExecutionRoleArn"),
            ["CreationTime"] = Now(),
            ["ModelArn"] = arn,
            ["EnableNetworkIsolation"] = request["EnableNetworkIsolation"]?.DeepClone() ?? false,
        };
        if (document["ExecutionRoleArn"] is null)
        {
            document.Remove("ExecutionRoleArn");
        }

        if (!await _store.TryAddAsync(ModelKind, name.ToLowerInvariant(), document, cancellationToken).ConfigureAwait(false))
        {
            throw AwsServiceException.Validation($"Cannot create already existing model \"{arn}\".");
        }

        return new JsonObject { ["ModelArn"] = arn };
    }

    /// <summary>Describes a model (<c>DescribeModel</c>).</summary>
    public async Task<JsonObject> DescribeModelAsync(JsonObject request, CancellationToken cancellationToken = default) =>
        await GetModelAsync(SageMakerRequest.RequiredString(request, "ModelName"), cancellationToken).ConfigureAwait(false);

    /// <summary>Deletes a model (<c>DeleteModel</c>); endpoints already serving it keep their loaded copy, as in SageMaker.</summary>
    public async Task<JsonObject> DeleteModelAsync(JsonObject request, CancellationToken cancellationToken = default)
    {
        var model = await GetModelAsync(SageMakerRequest.RequiredString(request, "ModelName"), cancellationToken).ConfigureAwait(false);
        await _store.DeleteAsync(ModelKind, ((string)model["ModelName"]!).ToLowerInvariant(), cancellationToken).ConfigureAwait(false);
        return new JsonObject();
    }

    /// <summary>Lists models (<c>ListModels</c>), newest first unless <c>SortOrder</c> is <c>Ascending</c>.</summary>
    public async Task<JsonObject> ListModelsAsync(JsonObject request, CancellationToken cancellationToken = default)
    {
        var query = ListQuery.Read(request, descendingByDefault: true);
        var models = await _store.ListAsync(ModelKind, cancellationToken).ConfigureAwait(false);
        var selected = query.Apply(models, model => (string)model["ModelName"]!, _ => 0);
        var (page, nextToken) = PageToken.Slice(selected, query.NextToken, query.MaxResults);
        var response = new JsonObject
        {
            ["Models"] = new JsonArray(page.Select(model => (JsonNode)Pick(model, "ModelName", "ModelArn", "CreationTime")).ToArray()),
        };
        PageToken.AddTo(response, nextToken);
        return response;
    }

    private async Task<JsonObject> GetModelAsync(string name, CancellationToken cancellationToken) =>
        await _store.GetAsync(ModelKind, name.ToLowerInvariant(), cancellationToken).ConfigureAwait(false)
            ?? throw AwsServiceException.Validation($"Could not find model \"{Arn("model", name)}\".");

    private static JsonObject ReadContainer(JsonObject request)
    {
        var node = request["PrimaryContainer"];
        if (node is null && request["Containers"] is JsonArray containers)
        {
            // NOTE: inference pipelines (several containers in a row) are not run locally; one container is accepted.
            node = containers.Count == 1
                ? containers[0]
                : throw AwsServiceException.Validation(
                    $"The local runtime runs one container per model, but Containers has {containers.Count}. Use PrimaryContainer.");
        }

        if (node is not JsonObject container)
        {
            throw AwsServiceException.Validation("Either PrimaryContainer or Containers must be provided. Add PrimaryContainer with Image and ModelDataUrl.");
        }

        var image = SageMakerRequest.OptionalString(container, "Image");
        if (string.IsNullOrWhiteSpace(image))
        {
            throw SageMakerRequest.ValidationError(null, "PrimaryContainer.Image", "Member must not be null");
        }

        SageMakerRequest.OptionalStringMap(container, "Environment", 100, 1024, 1024);
        return container.DeepClone().AsObject();
    }

    private static JsonObject Pick(JsonObject source, params string[] members)
    {
        var result = new JsonObject();
        foreach (var member in members)
        {
            if (source[member] is { } value)
            {
                result[member] = value.DeepClone();
            }
        }

        return result;
    }
}
