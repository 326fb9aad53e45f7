using System.Globalization;
using System.Text.Json.Nodes;
using Pipeline.Local.Services;

namespace Pipeline.Local.SageMaker.Tuning;

/// <summary>The WarmStartConfig of a CreateHyperParameterTuningJob request, syntactically validated.</summary>
/// <param name="ParentNames">The names of ParentHyperParameterTuningJobs, in request order.</param>
/// <param name="WarmStartType">IdenticalDataAndAlgorithm or TransferLearning.</param>
internal sealed record WarmStartConfig(IReadOnlyList<string> ParentNames, string WarmStartType)
{
    /// <summary>The API's maximum number of parent tuning jobs.</summary>
    public const int MaxParents = 5;

    public const string IdenticalDataAndAlgorithm = nameof(IdenticalDataAndAlgorithm);

    /// <summary>Reads WarmStartConfig from the request; returns null when the member is absent.</summary>
    public static WarmStartConfig? Read(JsonObject request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request["WarmStartConfig"] is not { } node)
        {
            return null;
        }

        var config = node as JsonObject ?? throw SageMakerRequest.ValidationError(node.ToJsonString(), "warmStartConfig", "Member must be a structure");
        var type = SageMakerRequest.OptionalString(config, nameof(WarmStartType))
            ?? throw SageMakerRequest.ValidationError(null, "warmStartConfig.warmStartType", "Member must not be null");
        if (type is not (IdenticalDataAndAlgorithm or "TransferLearning"))
        {
            throw SageMakerRequest.ValidationError(type, "warmStartConfig.warmStartType", "Member must satisfy enum value set: [IdenticalDataAndAlgorithm, TransferLearning]");
        }

        var parents = config["ParentHyperParameterTuningJobs"] as JsonArray
            ?? throw SageMakerRequest.ValidationError(null, "warmStartConfig.parentHyperParameterTuningJobs", "Member must not be null");
        if (parents.Count is 0 or > MaxParents)
        {
            var constraint = parents.Count == 0 ? "Member must have length greater than or equal to 1" : $"Member must have length less than or equal to {MaxParents}";
            throw SageMakerRequest.ValidationError(parents.Count.ToString(CultureInfo.InvariantCulture), "warmStartConfig.parentHyperParameterTuningJobs", constraint);
        }

        var names = new List<string>();
        foreach (var parent in parents)
        {
            var name = parent is JsonObject item ? SageMakerRequest.OptionalString(item, "HyperParameterTuningJobName") : null;
            if (string.IsNullOrEmpty(name))
            {
                throw SageMakerRequest.ValidationError(null, "warmStartConfig.parentHyperParameterTuningJobs.member.hyperParameterTuningJobName", "Member must not be null");
            }

            names.Add(name);
        }

        return new WarmStartConfig(names, type);
    }
}
