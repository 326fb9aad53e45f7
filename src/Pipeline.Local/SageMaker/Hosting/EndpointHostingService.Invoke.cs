using System.Net;

namespace Pipeline.Local.SageMaker.Hosting;

public sealed partial class EndpointHostingService
{
    /// <summary>The maximum request body of InvokeEndpoint for real-time endpoints: 6 MB (6,291,456 bytes).</summary>
    public const int MaxRequestBodyBytes = 6 * 1024 * 1024;

    /// <summary>
    /// Sends one request to an endpoint (SageMaker Runtime <c>InvokeEndpoint</c>). Without
    /// <paramref name="targetVariant"/>, a variant is chosen at random in proportion to its current weight.
    /// </summary>
    /// <exception cref="EndpointInvocationException">
    /// <c>ValidationError</c> (400) for an unknown endpoint or variant or one that is not serving;
    /// <c>ModelError</c> (424) when the model rejects the request or fails; status 413 for a body over 6 MB.
    /// </exception>
    public async Task<EndpointInvocation> InvokeEndpointAsync(
        string endpointName,
        string? contentType,
        string? accept,
        string? targetVariant,
        ReadOnlyMemory<byte> body,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpointName);
        if (body.Length > MaxRequestBodyBytes)
        {
            throw BodyTooLarge();
        }

        if (!_endpoints.TryGetValue(endpointName.ToLowerInvariant(), out var runtime))
        {
            throw new EndpointInvocationException("ValidationError", HttpStatusCode.BadRequest, $"Endpoint {endpointName} of account {_accountId} not found.");
        }

        var deployment = AcquireDeployment(runtime);
        try
        {
            var variant = ChooseVariant(runtime, deployment, targetVariant);
            EndpointResponse response;
            var started = _timeProvider.GetTimestamp();
            try
            {
                response = await variant.Model.InvokeAsync(contentType ?? "application/octet-stream", accept, body, cancellationToken).ConfigureAwait(false);
                RecordInvocation(runtime.Name, variant.VariantName, 200, started);
            }
            catch (ModelErrorException exception)
            {
                Log.EndpointModelError(_logger, runtime.Name, variant.VariantName, exception.Message);
                RecordInvocation(runtime.Name, variant.VariantName, exception.OriginalStatusCode, started);
                throw ModelError(runtime.Name, variant.VariantName, exception.OriginalStatusCode, exception.Message);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
#pragma warning disable CA1031 // A model failure is returned to the caller as ModelError (500 from the model), as SageMaker does.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                Log.EndpointModelFailed(_logger, exception, runtime.Name, variant.VariantName);
                RecordInvocation(runtime.Name, variant.VariantName, 500, started);
                throw ModelError(runtime.Name, variant.VariantName, 500, exception.Message);
            }

            return new EndpointInvocation(variant.VariantName, response);
        }
        finally
        {
            deployment.Release();
        }
    }

    // The AWS/SageMaker invocation metrics of one request, per endpoint and variant as SageMaker publishes them:
    // a 4xx or 5xx status of the model counts as an error of that class, and the model's time is ModelLatency.
    private void RecordInvocation(string endpointName, string variantName, int modelStatus, long started)
    {
        if (Metrics is not { } metrics)
        {
            return;
        }

        var dimensions = new Dictionary<string, string>(StringComparer.Ordinal) { ["EndpointName"] = endpointName, ["VariantName"] = variantName };
        var microseconds = _timeProvider.GetElapsedTime(started).TotalMicroseconds;
        metrics.Record(
            "AWS/SageMaker",
            dimensions,
            ("Invocations", 1, "None"),
            ("Invocation4XXErrors", modelStatus is >= 400 and < 500 ? 1 : 0, "None"),
            ("Invocation5XXErrors", modelStatus >= 500 ? 1 : 0, "None"),
            ("ModelLatency", microseconds, "Microseconds"));
    }

    internal static EndpointInvocationException BodyTooLarge() =>
        new(null, HttpStatusCode.RequestEntityTooLarge, $"HTTP content length exceeded {MaxRequestBodyBytes} bytes.");

    private LiveDeployment AcquireDeployment(EndpointRuntime runtime)
    {
        // During a blue/green update the green fleet receives its current share of requests.
        var split = runtime.Split;
        if (split is { Share: > 0 })
        {
            double draw;
            lock (_randomLock)
            {
                draw = _random.NextDouble();
            }

            if (draw < split.Share && split.Green.TryAcquire())
            {
                return split.Green;
            }
        }

        while (true)
        {
            var deployment = runtime.Current;
            if (deployment is null && runtime.Lifetime.IsCancellationRequested)
            {
                // The endpoint was deleted after this request found it.
                throw new EndpointInvocationException("ValidationError", HttpStatusCode.BadRequest, $"Endpoint {runtime.Name} of account {_accountId} not found.");
            }

            if (deployment is null)
            {
                var status = (string?)runtime.Document["EndpointStatus"];
                throw new EndpointInvocationException(
                    "ValidationError",
                    HttpStatusCode.BadRequest,
                    $"Endpoint {runtime.Name} of account {_accountId} is not ready to serve requests: its status is {status}. Wait until it is InService.");
            }

            // A failed acquire means an update replaced this deployment just now; the loop reads the new one.
            if (deployment.TryAcquire())
            {
                return deployment;
            }
        }
    }

    private LiveVariant ChooseVariant(EndpointRuntime runtime, LiveDeployment deployment, string? targetVariant)
    {
        var variants = deployment.Variants;
        if (targetVariant is not null)
        {
            for (var i = 0; i < variants.Count; i++)
            {
                if (variants[i].VariantName == targetVariant)
                {
                    return variants[i];
                }
            }

            throw new EndpointInvocationException(
                "ValidationError",
                HttpStatusCode.BadRequest,
                $"The target variant {targetVariant} is not a production variant of endpoint {runtime.Name}. Its variants are: {Describe(variants.Select(v => v.VariantName))}.");
        }

        var weights = deployment.Weights.Weights;
        var total = weights.Sum();
        if (total <= 0)
        {
            throw new EndpointInvocationException(
                "ValidationError",
                HttpStatusCode.BadRequest,
                $"Every production variant of endpoint {runtime.Name} has weight 0. Set a weight with UpdateEndpointWeightsAndCapacities, or name a variant in X-Amzn-SageMaker-Target-Variant.");
        }

        double point;
        lock (_randomLock)
        {
            point = _random.NextDouble() * total;
        }

        var last = -1;
        for (var i = 0; i < variants.Count; i++)
        {
            if (weights[i] <= 0)
            {
                continue;
            }

            last = i;
            point -= weights[i];
            if (point < 0)
            {
                return variants[i];
            }
        }

        // Rounding can leave a tiny remainder; it belongs to the last variant with weight.
        return variants[last];
    }

    private static EndpointInvocationException ModelError(string endpointName, string variantName, int originalStatusCode, string message)
    {
        var kind = originalStatusCode >= 500 ? "server" : "client";
        return new EndpointInvocationException(
            "ModelError",
            HttpStatusCode.FailedDependency,
            $"Received {kind} error ({originalStatusCode}) from {variantName} with message \"{message}\". See the local runtime log for endpoint {endpointName} for more information.")
        {
            VariantName = variantName,
            OriginalStatusCode = originalStatusCode,
            OriginalMessage = message,
        };
    }
}
