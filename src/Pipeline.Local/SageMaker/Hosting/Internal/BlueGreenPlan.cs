using System.Globalization;
using System.Text.Json.Nodes;
using Pipeline.Local.Services;

namespace Pipeline.Local.SageMaker.Hosting;

/// <summary>
/// The traffic shifting of a blue/green UpdateEndpoint (<c>DeploymentConfig.BlueGreenUpdatePolicy</c>) and the
/// alarms that roll it back.
/// </summary>
/// <remarks>
/// The new (green) fleet receives the fractions of <see cref="Steps"/> in turn; after each step the
/// deployment waits <see cref="WaitInterval"/>, and after the last one it also waits
/// <see cref="TerminationWait"/> before the old (blue) fleet is released. An alarm in <c>ALARM</c> at any
/// point, or running past <see cref="MaxExecution"/>, sends all traffic back to the blue fleet.
/// </remarks>
internal sealed record BlueGreenPlan(
    string Type,
    IReadOnlyList<double> Steps,
    TimeSpan WaitInterval,
    TimeSpan TerminationWait,
    TimeSpan? MaxExecution,
    IReadOnlyList<string> Alarms)
{
    private const string Member = "DeploymentConfig";
    private const string TypeMember = "Type";
    private const string AlarmsMember = "Alarms";

    /// <summary>Reads <c>DeploymentConfig</c>; returns null when the request has none (an all-at-once switch with no waits).</summary>
    public static BlueGreenPlan? Read(JsonObject request, JsonObject endpointConfig)
    {
        if (request[Member] is not JsonObject deployment)
        {
            return request[Member] is null
                ? null
                : throw SageMakerRequest.ValidationError(request[Member]!.ToJsonString(), Member, "Member must be an object");
        }

        if (deployment["RollingUpdatePolicy"] is not null)
        {
            throw AwsServiceException.Validation(
                "The local runtime does not run RollingUpdatePolicy deployments. Use DeploymentConfig.BlueGreenUpdatePolicy instead.");
        }

        var alarms = ReadAlarms(deployment);
        if (deployment["BlueGreenUpdatePolicy"] is not JsonObject policy)
        {
            // AutoRollbackConfiguration alone watches an all-at-once switch.
            return new BlueGreenPlan("ALL_AT_ONCE", [1.0], TimeSpan.Zero, TimeSpan.Zero, null, alarms);
        }

        if (policy["TrafficRoutingConfiguration"] is not JsonObject routing)
        {
            throw SageMakerRequest.ValidationError(null, Member + ".BlueGreenUpdatePolicy.TrafficRoutingConfiguration", "Member must not be null");
        }

        var routingMember = Member + ".BlueGreenUpdatePolicy.TrafficRoutingConfiguration";
        var type = SageMakerRequest.OptionalEnum(routing, "Type", "ALL_AT_ONCE", "CANARY", "LINEAR")
            ?? throw SageMakerRequest.ValidationError(null, routingMember + ".Type", "Member must not be null");
        var wait = SageMakerRequest.OptionalInt(routing, "WaitIntervalInSeconds", 0, 3600)
            ?? throw SageMakerRequest.ValidationError(null, routingMember + ".WaitIntervalInSeconds", "Member must not be null");
        var termination = SageMakerRequest.OptionalInt(policy, "TerminationWaitInSeconds", 0, 3600) ?? 0;
        var maximum = SageMakerRequest.OptionalInt(policy, "MaximumExecutionTimeoutInSeconds", 600, 28800);
        var steps = type switch
        {
            "CANARY" => [Fraction(routing, "CanarySize", routingMember, endpointConfig), 1.0],
            "LINEAR" => LinearSteps(Fraction(routing, "LinearStepSize", routingMember, endpointConfig)),
            _ => new List<double> { 1.0 },
        };
        return new BlueGreenPlan(
            type,
            steps,
            TimeSpan.FromSeconds(wait),
            TimeSpan.FromSeconds(termination),
            maximum is null ? null : TimeSpan.FromSeconds(maximum.Value),
            alarms);
    }

    private static List<string> ReadAlarms(JsonObject deployment)
    {
        var alarms = new List<string>();
        if (deployment["AutoRollbackConfiguration"]?[AlarmsMember] is JsonArray list)
        {
            foreach (var item in list)
            {
                var name = item is JsonObject alarm ? SageMakerRequest.OptionalString(alarm, "AlarmName") : null;
                alarms.Add(string.IsNullOrWhiteSpace(name)
                    ? throw SageMakerRequest.ValidationError(item?.ToJsonString(), Member + ".AutoRollbackConfiguration.Alarms", "Each alarm needs an AlarmName")
                    : name);
            }
        }

        return alarms;
    }

    /// <summary>Returns the share of traffic one step moves: a capacity percentage, or instances out of the new fleet's total.</summary>
    private static double Fraction(JsonObject routing, string member, string routingMember, JsonObject endpointConfig)
    {
        var path = $"{routingMember}.{member}";
        if (routing[member] is not JsonObject size)
        {
            throw SageMakerRequest.ValidationError(null, path, $"Member must not be null for traffic routing type {routing[TypeMember]}");
        }

        var kind = SageMakerRequest.OptionalEnum(size, "Type", "INSTANCE_COUNT", "CAPACITY_PERCENT")
            ?? throw SageMakerRequest.ValidationError(null, path + ".Type", "Member must not be null");
        var value = SageMakerRequest.OptionalInt(size, "Value", 1, int.MaxValue)
            ?? throw SageMakerRequest.ValidationError(null, path + ".Value", "Member must not be null");
        if (kind == "CAPACITY_PERCENT")
        {
            return value <= 100
                ? value / 100.0
                : throw SageMakerRequest.ValidationError(value.ToString(CultureInfo.InvariantCulture), path + ".Value", "Member must have value less than or equal to 100 for CAPACITY_PERCENT");
        }

        var instances = endpointConfig["ProductionVariants"]!.AsArray().Sum(variant => (int?)variant!["InitialInstanceCount"] ?? 1);
        return Math.Min(1.0, (double)value / Math.Max(1, instances));
    }

    private static List<double> LinearSteps(double step)
    {
        var steps = new List<double>();
        for (var share = step; share < 1.0 - 1e-9; share += step)
        {
            steps.Add(share);
        }

        steps.Add(1.0);
        return steps;
    }
}

/// <summary>The green deployment of a blue/green update and the share of requests it receives.</summary>
internal sealed record TrafficSplit(LiveDeployment Green, double Share);
