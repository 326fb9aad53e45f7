using System.Globalization;
using Pipeline.Functions.Configuration;

namespace Pipeline.Functions.EvaluateCandidate;

/// <summary>The outcome of comparing a candidate with the champion.</summary>
public sealed record PromotionDecision(bool Promote, string Reason);

/// <summary>
/// Applies a promotion rule to a candidate's metric value and the champion's.
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>case</term><description>decision</description></listheader>
/// <item><term>candidate metric missing or not a finite number</term><description>reject</description></item>
/// <item><term>candidate misses the threshold (<c>&lt;</c> when maximizing, <c>&gt;</c> when minimizing)</term><description>reject</description></item>
/// <item><term>no champion, or the champion has no usable value for the metric</term><description>promote</description></item>
/// <item><term>improvement over the champion below <c>minImprovement</c></term><description>reject</description></item>
/// <item><term>a tie (improvement 0)</term><description>reject, so an equal model is not redeployed</description></item>
/// <item><term>otherwise</term><description>promote</description></item>
/// </list>
/// Comparisons allow a tolerance of 1e-9 so that, for example, 0.3 - 0.2 counts as an improvement of 0.1.
/// </remarks>
public static class PromotionRule
{
    private const double Tolerance = 1e-9;

    /// <param name="rule">The promotion rule.</param>
    /// <param name="candidate">The candidate's value of <c>rule.Metric</c>, or null when the training job did not report it.</param>
    /// <param name="championArn">The champion's model package ARN, or null when the group has no approved package.</param>
    /// <param name="champion">The champion's value of the metric, or null when its metadata lacks it.</param>
    public static PromotionDecision Evaluate(PromotionConfiguration rule, double? candidate, string? championArn, double? champion)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (candidate is not { } value || !double.IsFinite(value))
        {
            return new PromotionDecision(false, $"the training job did not report a numeric value for metric {rule.Metric}");
        }

        var sign = rule.IsMinimize ? -1.0 : 1.0;
        if (rule.Threshold is { } threshold && sign * (value - threshold) < -Tolerance)
        {
            return new PromotionDecision(
                false,
                $"{rule.Metric} = {Format(value)} does not reach the threshold {Format(threshold)} ({(rule.IsMinimize ? "at most" : "at least")} required)");
        }

        if (championArn is null)
        {
            return new PromotionDecision(true, $"{rule.Metric} = {Format(value)} meets the rule and there is no approved champion yet");
        }

        if (champion is not { } best || !double.IsFinite(best))
        {
            return new PromotionDecision(true, $"{rule.Metric} = {Format(value)} meets the rule and the champion {championArn} has no recorded value for it");
        }

        var improvement = sign * (value - best);
        if (improvement <= Tolerance && rule.MinImprovement <= Tolerance)
        {
            return new PromotionDecision(false, $"{rule.Metric} = {Format(value)} does not improve on the champion's {Format(best)}");
        }

        if (improvement < rule.MinImprovement - Tolerance)
        {
            return new PromotionDecision(
                false,
                $"{rule.Metric} = {Format(value)} improves on the champion's {Format(best)} by {Format(improvement)}, less than the required {Format(rule.MinImprovement)}");
        }

        return new PromotionDecision(true, $"{rule.Metric} = {Format(value)} improves on the champion's {Format(best)} by {Format(improvement)}");
    }

    internal static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
