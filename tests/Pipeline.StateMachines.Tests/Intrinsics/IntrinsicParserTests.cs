using Pipeline.StateMachines.Internal.Intrinsics;

namespace Pipeline.StateMachines.Tests.Intrinsics;

// Source: AWS doc "Intrinsic functions for JSONPath states in Step Functions".
public sealed class IntrinsicParserTests
{
    [Theory]
    [InlineData("States.Format('a {} b', $.x)", 2)]
    [InlineData("States.Array()", 0)]
    [InlineData("States.Array(1, 'two', true, null, $$.Execution.Id, $var)", 6)]
    [InlineData("States.ArrayGetItem(States.StringSplit($.s, ','), 0)", 2)]
    [InlineData("States.Format('it\\'s {}', $.list[0])", 2)]
    public void TryParse_ValidCall_ParsesArguments(string text, int count)
    {
        Assert.True(IntrinsicParser.TryParse(text, out var call, out var error), error);
        Assert.Equal(count, call.Arguments.Count);
    }

    [Theory]
    [InlineData("States.Unknown(1)", "not supported")]
    [InlineData("States.Format('x'", "missing ')'")]
    [InlineData("States.UUID(1)", "expects 0 argument(s)")]
    [InlineData("States.MathAdd(1)", "expects 2 argument(s)")]
    [InlineData("States.Format('unterminated)", "unterminated string")]
    [InlineData("States.Array(\"double\")", "single quotes")]
    public void TryParse_InvalidCall_ExplainsProblem(string text, string expected)
    {
        Assert.False(IntrinsicParser.TryParse(text, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}
