using System.Globalization;
using System.Text.Json.Nodes;
using Pipeline.Local.Template;

namespace Pipeline.Local.EventBridge;

/// <summary>The payloads a schedule sends.</summary>
public sealed partial class LocalScheduler
{
    /// <summary>
    /// Returns the text sent to a schedule's target. A scheduled rule sends its Input, or else a <c>Scheduled Event</c>
    /// whose <c>time</c> is the scheduled time. An EventBridge Scheduler schedule sends its Input with the context
    /// attributes (<c>&lt;aws.scheduler.scheduled-time&gt;</c> and the others) replaced.
    /// </summary>
    internal string Payload(ScheduleResource schedule, DateTimeOffset scheduledTime)
    {
        var time = scheduledTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        if (schedule.IsScheduler)
        {
            // NOTE: the Scheduler pages read for this code do not say what a Lambda target receives without Input;
            // the local runtime sends an empty object.
            return (schedule.Input ?? "{}")
                .Replace("<aws.scheduler.schedule-arn>", schedule.Arn, StringComparison.Ordinal)
                .Replace("<aws.scheduler.scheduled-time>", time, StringComparison.Ordinal)
                .Replace("<aws.scheduler.execution-id>", Guid.NewGuid().ToString("N")[..16], StringComparison.Ordinal)
                .Replace("<aws.scheduler.attempt-number>", "1", StringComparison.Ordinal);
        }

        if (schedule.Input is not null)
        {
            return schedule.Input;
        }

        return new JsonObject
        {
            ["version"] = "0",
            ["id"] = Guid.NewGuid().ToString(),
            ["detail-type"] = "Scheduled Event",
            ["source"] = "aws.events",
            ["account"] = _environment.AccountId,
            ["time"] = time,
            ["region"] = _environment.Region,
            ["resources"] = new JsonArray(schedule.Arn),
            ["detail"] = new JsonObject(),
        }.ToJsonString();
    }
}
