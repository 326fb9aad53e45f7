using System.Text.Json.Nodes;
using Pipeline.Local.Services;

namespace Pipeline.Local.SageMaker.Hosting;

public sealed partial class EndpointHostingService
{
    /// <summary>
    /// Creates an endpoint (<c>CreateEndpoint</c>). It starts as Creating and becomes InService, or Failed,
    /// when its variants' models have loaded; use <see cref="WaitForEndpointAsync"/> to wait for that.
    /// </summary>
    public async Task<JsonObject> CreateEndpointAsync(JsonObject request, CancellationToken cancellationToken = default)
    {
        var name = SageMakerRequest.RequiredName(request, "EndpointName");
        var config = await GetEndpointConfigAsync(SageMakerRequest.RequiredString(request, "EndpointConfigName"), cancellationToken).ConfigureAwait(false);
        var arn = Arn("endpoint", name);
        await _controlLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = Now();
            var document = new JsonObject
            {
                ["EndpointName"] = name,
                ["EndpointArn"] = arn,
                ["EndpointConfigName"] = (string)config["EndpointConfigName"]!,
                ["EndpointStatus"] = "Creating",
                ["CreationTime"] = now,
                ["LastModifiedTime"] = now,
            };
            if (!await _store.TryAddAsync(EndpointKind, name.ToLowerInvariant(), document, cancellationToken).ConfigureAwait(false))
            {
                throw AwsServiceException.Validation($"Cannot create already existing endpoint \"{arn}\".");
            }

            StartDeployment(new EndpointRuntime(name, document), config, isUpdate: false, plan: null);
        }
        finally
        {
            _controlLock.Release();
        }

        return new JsonObject { ["EndpointArn"] = arn };
    }

    /// <summary>
    /// Deploys another endpoint configuration to an InService endpoint (<c>UpdateEndpoint</c>), blue/green:
    /// the current configuration serves until the new one is loaded; if loading fails, the endpoint stays
    /// on the current configuration and reports the <c>FailureReason</c>. With
    /// <c>DeploymentConfig.BlueGreenUpdatePolicy</c>, traffic moves all at once, in a canary step or in
    /// linear steps, with the waits it names, and an alarm of <c>AutoRollbackConfiguration</c> in
    /// <c>ALARM</c> sends all traffic back to the old configuration.
    /// </summary>
    public async Task<JsonObject> UpdateEndpointAsync(JsonObject request, CancellationToken cancellationToken = default)
    {
        var name = SageMakerRequest.RequiredString(request, "EndpointName");
        var config = await GetEndpointConfigAsync(SageMakerRequest.RequiredString(request, "EndpointConfigName"), cancellationToken).ConfigureAwait(false);
        await _controlLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var runtime = GetRuntime(name);
            RequireInService(runtime, "update");
            var plan = BlueGreenPlan.Read(request, config);
            if (plan is { Alarms.Count: > 0 } && AlarmMonitor is null)
            {
                Log.EndpointAlarmsNotWatched(_logger, runtime.Name, string.Join(", ", plan.Alarms));
            }

            var document = runtime.Document.DeepClone().AsObject();
            if (request["DeploymentConfig"] is JsonObject deploymentConfig)
            {
                document["LastDeploymentConfig"] = deploymentConfig.DeepClone();
            }

            document["EndpointStatus"] = "Updating";
            document["LastModifiedTime"] = Now();
            document.Remove("FailureReason");
            document["PendingDeploymentSummary"] = new JsonObject
            {
                ["EndpointConfigName"] = (string)config["EndpointConfigName"]!,
                ["ProductionVariants"] = new JsonArray(config["ProductionVariants"]!.AsArray()
                    .Select(variant => (JsonNode)new JsonObject
                    {
                        ["VariantName"] = (string)variant!["VariantName"]!,
                        ["DesiredWeight"] = (double)variant["InitialVariantWeight"]!,
                        ["DesiredInstanceCount"] = (int?)variant["InitialInstanceCount"] ?? 1,
                        ["InstanceType"] = (string?)variant["InstanceType"],
                    }).ToArray()),
                ["StartTime"] = Now(),
            };
            runtime.Document = document;
            await _store.PutAsync(EndpointKind, runtime.Name.ToLowerInvariant(), document, cancellationToken).ConfigureAwait(false);
            StartDeployment(runtime, config, isUpdate: true, plan);
            return new JsonObject { ["EndpointArn"] = (string)document["EndpointArn"]! };
        }
        finally
        {
            _controlLock.Release();
        }
    }

    /// <summary>
    /// Describes an endpoint (<c>DescribeEndpoint</c>): <c>EndpointStatus</c>, <c>FailureReason</c>, and
    /// <c>ProductionVariants</c> with <c>CurrentWeight</c>, <c>DesiredWeight</c> and instance counts once a
    /// configuration is deployed.
    /// </summary>
    public async Task<JsonObject> DescribeEndpointAsync(JsonObject request, CancellationToken cancellationToken = default)
    {
        var name = SageMakerRequest.RequiredString(request, "EndpointName");
        if (_endpoints.TryGetValue(name.ToLowerInvariant(), out var runtime))
        {
            return runtime.Document.DeepClone().AsObject();
        }

        // An endpoint this process does not serve, for example one recorded by an earlier run.
        return await _store.GetAsync(EndpointKind, name.ToLowerInvariant(), cancellationToken).ConfigureAwait(false)
            ?? throw EndpointNotFound(name);
    }

    /// <summary>
    /// Returns the endpoint's DescribeEndpoint response once it is InService or Failed, waiting while it is
    /// Creating or Updating. Throws <see cref="AwsServiceException"/> when the endpoint does not exist or is deleted.
    /// </summary>
    public async Task<JsonObject> WaitForEndpointAsync(string endpointName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(endpointName);
        while (true)
        {
            Task settled;
            await _controlLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (!_endpoints.TryGetValue(endpointName.ToLowerInvariant(), out var runtime))
                {
                    return await DescribeEndpointAsync(new JsonObject { ["EndpointName"] = endpointName }, cancellationToken).ConfigureAwait(false);
                }

                if ((string?)runtime.Document["EndpointStatus"] is "InService" or "Failed")
                {
                    return runtime.Document.DeepClone().AsObject();
                }

                settled = runtime.WhenSettled;
            }
            finally
            {
                _controlLock.Release();
            }

            await settled.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Deletes an endpoint (<c>DeleteEndpoint</c>), stopping a deployment in progress and releasing its models.</summary>
    public async Task<JsonObject> DeleteEndpointAsync(JsonObject request, CancellationToken cancellationToken = default)
    {
        var name = SageMakerRequest.RequiredString(request, "EndpointName");
        var key = name.ToLowerInvariant();
        EndpointRuntime? runtime;
        await _controlLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _endpoints.TryRemove(key, out runtime);
            var deleted = await _store.DeleteAsync(EndpointKind, key, cancellationToken).ConfigureAwait(false);
            if (runtime is null && !deleted)
            {
                throw EndpointNotFound(name);
            }

            if (runtime is not null)
            {
                await runtime.Lifetime.CancelAsync().ConfigureAwait(false);
                runtime.Current?.Retire();
                runtime.Current = null;
                runtime.Split = null;
                runtime.MarkSettled();
            }
        }
        finally
        {
            _controlLock.Release();
        }

        if (runtime is not null)
        {
            // The deployment, if one was running, stops on the cancellation and releases what it loaded.
            await WaitQuietlyAsync(runtime.Operation).ConfigureAwait(false);
            runtime.Dispose();
        }

        Log.EndpointDeleted(_logger, name);
        return new JsonObject();
    }

    private EndpointRuntime GetRuntime(string name) =>
        _endpoints.TryGetValue(name.ToLowerInvariant(), out var runtime) ? runtime : throw EndpointNotFound(name);

    private void RequireInService(EndpointRuntime runtime, string action)
    {
        var status = (string?)runtime.Document["EndpointStatus"];
        if (status != "InService")
        {
            throw AwsServiceException.Validation(
                $"Cannot {action} endpoint \"{Arn("endpoint", runtime.Name)}\" because its status is {status}. Wait until it is InService, or delete and re-create a Failed endpoint.");
        }
    }

    private AwsServiceException EndpointNotFound(string name) =>
        AwsServiceException.Validation($"Could not find endpoint \"{Arn("endpoint", name)}\".");
}
