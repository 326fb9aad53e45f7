using System.Text.Json.Nodes;

namespace Pipeline.Local.SageMaker.Hosting;

public sealed partial class EndpointHostingService
{
    /// <summary>
    /// Deploys again the endpoints recorded in the resource store by an earlier run, so they serve after a
    /// restart. Endpoints that were InService, Creating or Updating start as Creating with the
    /// configuration they last served; Failed endpoints stay Failed.
    /// </summary>
    public async Task RestoreEndpointsAsync(CancellationToken cancellationToken = default)
    {
        var documents = await _store.ListAsync(EndpointKind, cancellationToken).ConfigureAwait(false);
        foreach (var stored in documents)
        {
            var name = (string)stored["EndpointName"]!;
            if (_endpoints.ContainsKey(name.ToLowerInvariant()))
            {
                continue;
            }

            if ((string?)stored["EndpointStatus"] == "Failed")
            {
                // A Failed endpoint serves nothing, but this process tracks it so that updates report its status.
                var failed = new EndpointRuntime(name, stored.DeepClone().AsObject());
                failed.MarkSettled();
                _endpoints[name.ToLowerInvariant()] = failed;
                continue;
            }

            var configName = (string)stored["EndpointConfigName"]!;
            await _controlLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var document = stored.DeepClone().AsObject();
                document["EndpointStatus"] = "Creating";
                document.Remove("PendingDeploymentSummary");
                document.Remove("ProductionVariants");
                var config = await _store.GetAsync(EndpointConfigKind, configName.ToLowerInvariant(), cancellationToken).ConfigureAwait(false);
                var runtime = new EndpointRuntime(name, document);
                if (config is null)
                {
                    document["EndpointStatus"] = "Failed";
                    document["FailureReason"] = $"Could not find endpoint configuration \"{Arn("endpoint-config", configName)}\".";
                    _endpoints[name.ToLowerInvariant()] = runtime;
                    runtime.MarkSettled();
                }
                else
                {
                    StartDeployment(runtime, config, isUpdate: false, plan: null);
                }

                await _store.PutAsync(EndpointKind, name.ToLowerInvariant(), document, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _controlLock.Release();
            }
        }
    }

    // Must run under _controlLock.
    private void StartDeployment(EndpointRuntime runtime, JsonObject config, bool isUpdate, BlueGreenPlan? plan)
    {
        _endpoints[runtime.Name.ToLowerInvariant()] = runtime;
        runtime.MarkBusy();
        Log.EndpointDeploying(_logger, runtime.Name, (string)config["EndpointConfigName"]!);
        runtime.Operation = Task.Run(() => DeployAsync(runtime, config, isUpdate, plan));
    }

    private async Task DeployAsync(EndpointRuntime runtime, JsonObject config, bool isUpdate, BlueGreenPlan? plan)
    {
        var cancellationToken = runtime.Lifetime.Token;
        var configName = (string)config["EndpointConfigName"]!;
        LiveDeployment? deployment = null;
        Exception? failure = null;
        string? rollbackReason = null;
        try
        {
            deployment = await LoadDeploymentAsync(runtime.Name, config, cancellationToken).ConfigureAwait(false);
            if (isUpdate && plan is not null)
            {
                rollbackReason = await ShiftTrafficAsync(runtime, deployment, plan, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            runtime.Split = null;
            deployment?.Retire();
            return;
        }
#pragma warning disable CA1031 // Any load or traffic-shift failure becomes the endpoint's FailureReason, as in SageMaker.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            // A failure after the load (reading an alarm, for example) must not promote the new fleet.
            runtime.Split = null;
            deployment?.Retire();
            deployment = null;
            failure = exception;
        }

        await _controlLock.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            if (cancellationToken.IsCancellationRequested
                || !_endpoints.TryGetValue(runtime.Name.ToLowerInvariant(), out var registered) || registered != runtime)
            {
                runtime.Split = null;
                deployment?.Retire();
                return;
            }

            var document = runtime.Document.DeepClone().AsObject();
            document.Remove("PendingDeploymentSummary");
            document["LastModifiedTime"] = Now();
            runtime.Split = null;
            if (deployment is not null && rollbackReason is not null)
            {
                deployment.Retire();
                document["EndpointStatus"] = "InService";
                document["FailureReason"] = rollbackReason;
                Log.EndpointRolledBack(_logger, runtime.Name, (string)document["EndpointConfigName"]!);
            }
            else if (deployment is not null)
            {
                var previous = runtime.Current;
                runtime.Current = deployment;
                previous?.Retire();
                document["EndpointStatus"] = "InService";
                document["EndpointConfigName"] = configName;
                document["ProductionVariants"] = VariantSummaries(deployment);
                document.Remove("FailureReason");
                Log.EndpointInService(_logger, runtime.Name, configName);
            }
            else
            {
                var reason = failure!.Message;
                document["FailureReason"] = reason;
                document["EndpointStatus"] = isUpdate ? "InService" : "Failed";
                Log.EndpointDeploymentFailed(_logger, failure, runtime.Name, configName, reason);
                if (isUpdate)
                {
                    Log.EndpointRolledBack(_logger, runtime.Name, (string)document["EndpointConfigName"]!);
                }
            }

            runtime.Document = document;
            await _store.PutAsync(EndpointKind, runtime.Name.ToLowerInvariant(), document, CancellationToken.None).ConfigureAwait(false);
            runtime.MarkSettled();
        }
        finally
        {
            _controlLock.Release();
        }
    }

    private async Task<LiveDeployment> LoadDeploymentAsync(string endpointName, JsonObject config, CancellationToken cancellationToken)
    {
        var configName = (string)config["EndpointConfigName"]!;
        var directory = Path.Combine(_workRoot, "endpoints", endpointName, Guid.NewGuid().ToString("N")[..12]);
        var variants = new List<LiveVariant>();
        var weights = new List<double>();
        var counts = new List<int>();
        try
        {
            foreach (var node in config["ProductionVariants"]!.AsArray())
            {
                var variant = node!.AsObject();
                var variantName = (string)variant["VariantName"]!;
                var modelName = (string)variant["ModelName"]!;
                try
                {
                    variants.Add(await LoadVariantAsync(variantName, modelName, (string?)variant["InstanceType"] ?? "ml.m5.large", Path.Combine(directory, variantName), cancellationToken).ConfigureAwait(false));
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    throw new InvalidOperationException($"Production variant {variantName} (model {modelName}) failed to load: {exception.Message}", exception);
                }

                weights.Add((double)variant["InitialVariantWeight"]!);
                counts.Add((int?)variant["InitialInstanceCount"] ?? 1);
            }

            return new LiveDeployment(endpointName, configName, variants, new VariantWeights(weights, counts), directory, _logger);
        }
        catch
        {
            foreach (var loaded in variants)
            {
                loaded.Model.Dispose();
            }

            ModelArchive.TryDeleteFolder(directory, _logger, endpointName);
            throw;
        }
    }

    private async Task<LiveVariant> LoadVariantAsync(string variantName, string modelName, string instanceType, string directory, CancellationToken cancellationToken)
    {
        var model = await GetModelAsync(modelName, cancellationToken).ConfigureAwait(false);
        var container = model["PrimaryContainer"]!.AsObject();
        var image = (string)container["Image"]!;
        var modelDataUrl = (string?)container["ModelDataUrl"];
        var environment = SageMakerRequest.OptionalStringMap(container, "Environment", int.MaxValue, int.MaxValue, int.MaxValue)
            ?? new Dictionary<string, string>(StringComparer.Ordinal);
        if (modelDataUrl is null)
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            await ModelArchive.ExtractAsync(_objectStore, modelDataUrl, directory, cancellationToken).ConfigureAwait(false);
        }

        var loaded = await _loader.LoadAsync(directory, image, environment, cancellationToken).ConfigureAwait(false);
        return new LiveVariant(variantName, (string)model["ModelName"]!, image, instanceType, loaded);
    }

    private JsonArray VariantSummaries(LiveDeployment deployment)
    {
        var now = Now();
        var summaries = new JsonArray();
        var weights = deployment.Weights;
        for (var i = 0; i < deployment.Variants.Count; i++)
        {
            var variant = deployment.Variants[i];
            summaries.Add(new JsonObject
            {
                ["VariantName"] = variant.VariantName,
                ["DeployedImages"] = new JsonArray(new JsonObject
                {
                    ["SpecifiedImage"] = variant.Image,
                    ["ResolvedImage"] = variant.Image,
                    ["ResolutionTime"] = now,
                }),
                ["CurrentWeight"] = weights.Weights[i],
                ["DesiredWeight"] = weights.Weights[i],
                ["CurrentInstanceCount"] = weights.InstanceCounts[i],
                ["DesiredInstanceCount"] = weights.InstanceCounts[i],
            });
        }

        return summaries;
    }

    private static string Describe(IEnumerable<string> names) => string.Join(", ", names);
}
