using Pipeline.Local.EventBridge;

namespace Pipeline.Local.Template;

/// <summary>The kinds of resources that a schedule or an event rule invokes.</summary>
public enum EventTargetKind
{
    /// <summary>A Lambda function, invoked asynchronously with the event (or the target's Input) as payload.</summary>
    Function,

    /// <summary>A state machine, started with the event (or the target's Input) as execution input.</summary>
    StateMachine,
}

/// <summary>The resource a schedule or rule invokes.</summary>
public sealed record EventTarget(EventTargetKind Kind, string LogicalId, string Arn);

/// <summary>
/// A schedule of the template: a SAM <c>Schedule</c> event (an EventBridge scheduled rule, in UTC), a SAM
/// <c>ScheduleV2</c> event (an EventBridge Scheduler schedule, with a time zone), or an <c>AWS::Events::Rule</c>
/// with a ScheduleExpression.
/// </summary>
/// <param name="Name">The rule or schedule name.</param>
/// <param name="Location">Where the template declares it, for example <c>ScheduledRetrainFunction/Events/RetrainSchedule</c>.</param>
/// <param name="Input">The constant JSON text sent instead of the event; null sends the event.</param>
/// <param name="IsScheduler">Whether this is an EventBridge Scheduler schedule, which sends only its Input.</param>
public sealed record ScheduleResource(
    string Name,
    string Arn,
    string Location,
    ScheduleExpression Expression,
    bool Enabled,
    string? Input,
    bool IsScheduler,
    EventTarget Target)
{
    /// <summary>EventBridge Scheduler's StartDate: no invocation before it.</summary>
    public DateTimeOffset? StartDate { get; init; }

    /// <summary>EventBridge Scheduler's EndDate: no invocation after it.</summary>
    public DateTimeOffset? EndDate { get; init; }
}

/// <summary>An event rule of the template: a SAM <c>EventBridgeRule</c> or <c>CloudWatchEvent</c> event, or an <c>AWS::Events::Rule</c> with an EventPattern.</summary>
/// <param name="EventBusName">The bus the rule listens on; AWS service events such as alarm state changes arrive on <c>default</c>.</param>
/// <param name="Input">The constant JSON text sent instead of the event; null sends the event.</param>
/// <param name="InputPath">A JSONPath (<c>$.detail</c>) that selects the part of the event sent; null sends the whole event.</param>
public sealed record EventRuleResource(
    string Name,
    string Arn,
    string Location,
    EventPattern Pattern,
    string EventBusName,
    bool Enabled,
    string? Input,
    string? InputPath,
    EventTarget Target);

/// <summary>
/// A CloudWatch metric alarm of the template (<c>AWS::CloudWatch::Alarm</c> on one metric; metric math and
/// anomaly detection are not supported locally).
/// </summary>
/// <param name="DatapointsToAlarm">How many of the last <paramref name="EvaluationPeriods"/> periods must breach; defaults to all of them.</param>
/// <param name="TreatMissingData"><c>missing</c>, <c>notBreaching</c>, <c>breaching</c> or <c>ignore</c>.</param>
public sealed record AlarmResource(
    string LogicalId,
    string AlarmName,
    string Arn,
    string? Description,
    string Namespace,
    string MetricName,
    IReadOnlyDictionary<string, string> Dimensions,
    string Statistic,
    int PeriodSeconds,
    int EvaluationPeriods,
    int DatapointsToAlarm,
    double Threshold,
    string ComparisonOperator,
    string TreatMissingData,
    bool ActionsEnabled);
