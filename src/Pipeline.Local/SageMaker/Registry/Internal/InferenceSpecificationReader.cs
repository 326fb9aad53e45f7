using System.Text.Json.Nodes;
using Pipeline.Local.Storage;

namespace Pipeline.Local.SageMaker;

/// <summary>Checks the <c>InferenceSpecification</c> of a model package and returns a copy of it.</summary>
internal static class InferenceSpecificationReader
{
    private const string Member = "InferenceSpecification";

    public static JsonObject? Read(JsonNode? node, bool required)
    {
        if (node is null)
        {
            return required
                ? throw SageMakerRequest.ValidationError(null, Member, "Member must not be null for an unversioned model package")
                : null;
        }

        if (node is not JsonObject specification)
        {
            throw SageMakerRequest.ValidationError(node.ToJsonString(), Member, "Member must be an object");
        }

        if (specification["Containers"] is not JsonArray containers || containers.Count is 0 or > 15)
        {
            throw SageMakerRequest.ValidationError(
                specification["Containers"]?.ToJsonString(), Member + ".Containers", "Member must have length between 1 and 15");
        }

        for (var i = 0; i < containers.Count; i++)
        {
            var path = $"{Member}.Containers.{i + 1}";
            if (containers[i] is not JsonObject container)
            {
                throw SageMakerRequest.ValidationError(containers[i]?.ToJsonString(), path, "Member must be an object");
            }

            var image = SageMakerRequest.OptionalString(container, "Image");
            if (string.IsNullOrWhiteSpace(image))
            {
                throw SageMakerRequest.ValidationError(null, path + ".Image", "Member must not be null");
            }

            var modelDataUrl = SageMakerRequest.OptionalString(container, "ModelDataUrl");
            if (modelDataUrl is not null && !S3Uri.TryParse(modelDataUrl, out _)
                && !modelDataUrl.StartsWith("https://", StringComparison.Ordinal))
            {
                throw SageMakerRequest.ValidationError(modelDataUrl, path + ".ModelDataUrl", "Member must satisfy regular expression pattern: ^(https|s3)://([^/]+)/?(.*)$");
            }
        }

        foreach (var list in new[] { "SupportedContentTypes", "SupportedResponseMIMETypes", "SupportedRealtimeInferenceInstanceTypes", "SupportedTransformInstanceTypes" })
        {
            var value = specification[list];
            if (value is not null && (value is not JsonArray array || array.Any(item => item is not JsonValue v || !v.TryGetValue<string>(out _))))
            {
                throw SageMakerRequest.ValidationError(value.ToJsonString(), $"{Member}.{list}", "Member must be a list of strings");
            }
        }

        return specification.DeepClone().AsObject();
    }
}
