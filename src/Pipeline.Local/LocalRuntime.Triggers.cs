using Microsoft.Extensions.Logging;
using Pipeline.Local.CloudWatch;
using Pipeline.Local.EventBridge;
using Pipeline.Local.Lambda;
using Pipeline.Local.Persistence;
using Pipeline.Local.Services;
using Pipeline.Local.StepFunctions;
using Pipeline.Local.Template;

namespace Pipeline.Local;

/// <summary>The template's schedules, event rules and alarms, and the loops that run them.</summary>
public sealed partial class LocalRuntime
{
    private readonly CancellationTokenSource _triggerStop = new();
    private readonly Lock _triggerGate = new();
    private Task? _triggerLoops;

    /// <summary>The template's schedules: SAM Schedule and ScheduleV2 events and scheduled AWS::Events::Rule resources.</summary>
    public LocalScheduler Schedules => Triggers.Schedules;

    /// <summary>The default event bus with the template's event-pattern rules.</summary>
    public LocalEventBus EventBus => Triggers.EventBus;

    /// <summary>The CloudWatch metrics that handlers put (service <c>monitoring</c>).</summary>
    public LocalMetricStore Metrics => Triggers.Metrics;

    /// <summary>The template's CloudWatch alarms.</summary>
    public LocalAlarmService Alarms => Triggers.Alarms;

    private RuntimeTriggers Triggers { get; init; } = null!;

    /// <summary>
    /// Starts firing the schedules and evaluating the alarms in the background, on <see cref="LocalRuntimeOptions.TimeProvider"/>,
    /// until the runtime is disposed. <c>pipeline up</c> calls it; other commands leave schedules and alarms alone.
    /// Calling it again does nothing.
    /// </summary>
    public void StartTriggers()
    {
        lock (_triggerGate)
        {
            _triggerLoops ??= Task.WhenAll(
                Task.Run(() => Schedules.RunAsync(_triggerStop.Token), CancellationToken.None),
                Task.Run(() => Alarms.RunAsync(_triggerStop.Token), CancellationToken.None));
        }
    }

    private async Task StopTriggersAsync()
    {
        await _triggerStop.CancelAsync().ConfigureAwait(false);
        if (_triggerLoops is not null)
        {
            await _triggerLoops.ConfigureAwait(false);
        }

        Schedules.Dispose();
        Alarms.Dispose();
        _triggerStop.Dispose();
    }

    private static async Task<RuntimeTriggers> CreateTriggersAsync(
        LocalTemplate template,
        LocalLambdaService lambda,
        StepFunctionsService stepFunctions,
        IResourceStore resources,
        LocalServiceRegistry services,
        LocalMetricStore metrics,
        LocalRuntimeOptions options,
        CancellationToken cancellationToken)
    {
        var (time, loggers, environment) = (options.TimeProvider, options.LoggerFactory, template.Environment);
        var invoker = new EventTargetInvoker(lambda, stepFunctions, time, loggers, options.EventRetryDelay);
        var eventBus = new LocalEventBus(template.EventRules, invoker, loggers);
        var schedules = new LocalScheduler(template.Schedules, invoker, resources, time, environment, loggers);
        await schedules.InitializeAsync(cancellationToken).ConfigureAwait(false);

        metrics.Register(services);
        var alarms = new LocalAlarmService(template.Alarms, metrics, eventBus, resources, time, environment, loggers);
        alarms.Register(services);
        await alarms.InitializeAsync(cancellationToken).ConfigureAwait(false);
        return new RuntimeTriggers(schedules, eventBus, metrics, alarms);
    }

    // Data points are kept for twice the longest window a template alarm reads, and at least three hours.
    private static LocalMetricStore CreateMetricStore(LocalTemplate template, LocalRuntimeOptions options)
    {
        var longestWindow = template.Alarms.Select(alarm => TimeSpan.FromSeconds(alarm.PeriodSeconds) * alarm.EvaluationPeriods).DefaultIfEmpty().Max();
        return new LocalMetricStore(options.TimeProvider, options.LoggerFactory, TimeSpan.FromHours(3) > longestWindow * 2 ? TimeSpan.FromHours(3) : longestWindow * 2);
    }

    private sealed record RuntimeTriggers(LocalScheduler Schedules, LocalEventBus EventBus, LocalMetricStore Metrics, LocalAlarmService Alarms);
}
