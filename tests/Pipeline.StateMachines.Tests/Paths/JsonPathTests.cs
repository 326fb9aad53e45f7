using System.Text.Json.Nodes;
using Pipeline.StateMachines.Internal.Paths;

namespace Pipeline.StateMachines.Tests.Paths;

// Source: ASL specification "Paths" and "Reference Paths"; the Jayway JsonPath syntax Step Functions accepts.
public sealed class JsonPathTests
{
    private static readonly JsonNode Document = JsonNode.Parse("""
        {"a":{"b":[{"c":1},{"c":2,"d":"x"}],"e f":true},"n":null,"list":[5,6,7,8]}
        """)!;

    [Theory]
    [InlineData("$", true)]
    [InlineData("$.a.b[0].c", true)]
    [InlineData("$['a']['e f']", true)]
    [InlineData("$.a.b[*].c", false)]
    [InlineData("$..c", false)]
    [InlineData("$.list[1:3]", false)]
    [InlineData("$.a.b[?(@.c > 1)]", false)]
    [InlineData("$.list.length()", false)]
    public void TryParse_ValidPath_ReportsDefiniteness(string text, bool definite)
    {
        Assert.True(JsonPath.TryParse(text, out var path, out var error), error);
        Assert.Equal(definite, path.IsDefinite);
    }

    [Theory]
    [InlineData("a.b")]
    [InlineData("$.a[")]
    [InlineData("$.a[?(@.c > )]")]
    [InlineData("$.")]
    [InlineData("$['unterminated]")]
    [InlineData("$..")]
    public void TryParse_InvalidPath_ReturnsError(string text)
    {
        Assert.False(JsonPath.TryParse(text, out _, out var error));
        Assert.Contains(text, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("$.a.b[1].d", "\"x\"")]
    [InlineData("$.n", "null")]
    [InlineData("$.list[-2]", "7")]
    [InlineData("$.a.b[*].c", "[1,2]")]
    [InlineData("$..c", "[1,2]")]
    [InlineData("$.list[::2]", "[5,7]")]
    [InlineData("$.list[::-1]", "[8,7,6,5]")]
    [InlineData("$.a.b[?(@.d == 'x')].c", "[2]")]
    [InlineData("$.a.b[?(!@.d)].c", "[1]")]
    [InlineData("$.a.b[?(@.c in [2, 3])].c", "[2]")]
    [InlineData("$.a.b[?(@.d =~ /X/i)].c", "[2]")]
    [InlineData("$.list.length()", "4")]
    [InlineData("$.list.sum()", "26")]
    [InlineData("$.list.max()", "8")]
    public void TryEvaluate_SelectsExpectedValue(string text, string expected)
    {
        var path = JsonPath.Parse(text);

        Assert.True(path.TryEvaluate(Document, out var value));
        Assert.Equal(expected, value?.ToJsonString() ?? "null");
    }

    [Theory]
    [InlineData("$.missing")]
    [InlineData("$.a.b[5]")]
    [InlineData("$.list.x")]
    public void TryEvaluate_MissingDefinitePath_ReturnsFalse(string text)
    {
        Assert.False(JsonPath.Parse(text).TryEvaluate(Document, out _));
    }

    [Fact]
    public void Parse_ContextAndVariableRoots_AreRecognized()
    {
        var context = JsonPath.Parse("$$.Execution.Id");
        var variable = JsonPath.Parse("$myVar.field");

        Assert.Equal(PathRoot.Context, context.Root);
        Assert.Equal(PathRoot.Variable, variable.Root);
        Assert.Equal("myVar", variable.VariableName);
    }
}
