using System.Text.Json.Nodes;

namespace Pipeline.Local.SageMaker.Hosting;

public sealed partial class EndpointHostingService
{
    /// <summary>
    /// Picks up endpoints that another runtime process sharing the resource store created or moved to another
    /// configuration: a new endpoint is deployed here too, and a changed one is updated to the stored
    /// configuration, with the old models serving until the new ones are loaded. Returns how many changed.
    /// </summary>
    /// <remarks>
    /// Only InService records are followed, so an update still running in the other process is picked up once it
    /// has finished. The comparison is repeated under the control lock, where this process's own deployments
    /// update the record and the in-memory state together.
    /// </remarks>
    public async Task<int> RefreshFromStoreAsync(CancellationToken cancellationToken = default)
    {
        var changed = 0;
        var missing = false;
        foreach (var listed in await _store.ListAsync(EndpointKind, cancellationToken).ConfigureAwait(false))
        {
            if ((string?)listed["EndpointStatus"] != "InService")
            {
                continue;
            }

            var name = (string)listed["EndpointName"]!;
            if (!_endpoints.TryGetValue(name.ToLowerInvariant(), out var runtime))
            {
                missing = true;
                continue;
            }

            if (runtime.WhenSettled.IsCompleted && await FollowStoredConfigurationAsync(runtime, cancellationToken).ConfigureAwait(false))
            {
                changed++;
            }
        }

        if (missing)
        {
            var before = _endpoints.Count;
            await RestoreEndpointsAsync(cancellationToken).ConfigureAwait(false);
            changed += _endpoints.Count - before;
        }

        return changed;
    }

    private async Task<bool> FollowStoredConfigurationAsync(EndpointRuntime runtime, CancellationToken cancellationToken)
    {
        await _controlLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var key = runtime.Name.ToLowerInvariant();
            var stored = await _store.GetAsync(EndpointKind, key, cancellationToken).ConfigureAwait(false);
            var storedConfig = (string?)stored?["EndpointConfigName"];
            if (stored is null || (string?)stored["EndpointStatus"] != "InService" || !runtime.WhenSettled.IsCompleted
                || storedConfig is null || storedConfig == (string?)runtime.Document["EndpointConfigName"])
            {
                return false;
            }

            var config = await _store.GetAsync(EndpointConfigKind, storedConfig.ToLowerInvariant(), cancellationToken).ConfigureAwait(false);
            if (config is null)
            {
                return false;
            }

            Log.EndpointFollowedStore(_logger, runtime.Name, storedConfig);
            var document = runtime.Document.DeepClone().AsObject();
            document["EndpointStatus"] = "Updating";
            runtime.Document = document;
            StartDeployment(runtime, config, isUpdate: true, plan: null);
            return true;
        }
        finally
        {
            _controlLock.Release();
        }
    }
}
