using Pipeline.Functions.Configuration;
using Pipeline.Functions.EvaluateCandidate;

namespace Pipeline.Functions.Tests.EvaluateCandidate;

public sealed class PromotionRuleTests
{
    private const string Champion = "arn:aws:sagemaker:us-east-1:1:model-package/g/1";
    private static readonly PromotionConfiguration Maximize = new() { Threshold = 0.9 };
    private static readonly PromotionConfiguration Minimize = new() { Metric = "validation:rmse", Direction = "Minimize", Threshold = 5.0 };

    [Theory]
    [InlineData(0.95, null, true)]
    [InlineData(0.90, null, true)]
    [InlineData(0.89, null, false)]
    [InlineData(0.95, 0.94, true)]
    [InlineData(0.95, 0.95, false)]
    [InlineData(0.95, 0.96, false)]
    public void Evaluate_Maximize_ComparesUpward(double candidate, double? champion, bool promote)
    {
        var decision = PromotionRule.Evaluate(Maximize, candidate, champion is null ? null : Champion, champion);

        Assert.Equal(promote, decision.Promote);
    }

    [Theory]
    [InlineData(4.0, null, true)]
    [InlineData(5.0, null, true)]
    [InlineData(5.1, null, false)]
    [InlineData(3.0, 3.5, true)]
    [InlineData(3.5, 3.5, false)]
    [InlineData(4.0, 3.5, false)]
    public void Evaluate_Minimize_ComparesDownward(double candidate, double? champion, bool promote)
    {
        var decision = PromotionRule.Evaluate(Minimize, candidate, champion is null ? null : Champion, champion);

        Assert.Equal(promote, decision.Promote);
    }

    [Fact]
    public void Evaluate_ImprovementEqualToMinimum_PromotesDespiteRounding()
    {
        var rule = new PromotionConfiguration { Threshold = 0.0, MinImprovement = 0.1 };

        var decision = PromotionRule.Evaluate(rule, 0.3, Champion, 0.2);

        Assert.True(decision.Promote, decision.Reason);
    }

    [Fact]
    public void Evaluate_ImprovementBelowMinimum_DoesNotPromote()
    {
        var rule = new PromotionConfiguration { Threshold = 0.0, MinImprovement = 0.02 };

        var decision = PromotionRule.Evaluate(rule, 0.95, Champion, 0.94);

        Assert.False(decision.Promote);
        Assert.Contains("less than the required 0.02", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_NoThreshold_AcceptsAnyValue()
    {
        var rule = new PromotionConfiguration { Metric = "validation:rmse", Direction = "Minimize", Threshold = null };

        Assert.True(PromotionRule.Evaluate(rule, 1e6, null, null).Promote);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Evaluate_NonFiniteCandidate_DoesNotPromote(double candidate)
    {
        Assert.False(PromotionRule.Evaluate(Maximize, candidate, null, null).Promote);
    }

    [Fact]
    public void Evaluate_MissingCandidate_DoesNotPromote()
    {
        var decision = PromotionRule.Evaluate(Maximize, null, Champion, 0.5);

        Assert.False(decision.Promote);
        Assert.Contains("validation:auc", decision.Reason, StringComparison.Ordinal);
    }
}
