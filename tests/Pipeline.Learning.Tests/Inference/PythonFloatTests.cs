using Pipeline.Learning.Inference.Internal;

namespace Pipeline.Learning.Tests.Inference;

public sealed class PythonFloatTests
{
    [Theory]
    [InlineData(1.0, "1.0")]
    [InlineData(0.5, "0.5")]
    [InlineData(3.0, "3.0")]
    [InlineData(-2.0, "-2.0")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(1.5e-7, "1.5e-07")]
    [InlineData(1e16, "1e+16")]
    [InlineData(1e15, "1000000000000000.0")]
    [InlineData(0.10000000149011612, "0.10000000149011612")]
    [InlineData(double.NaN, "nan")]
    public void Format_Value_MatchesPythonRepr(double value, string expected)
    {
        Assert.Equal(expected, PythonFloat.Format(value));
    }

    [Fact]
    public void Format_Float32Values_MatchPythonRepr()
    {
        var values = new[] { 0.1f, 0.97123456f, 1e-6f, 123456.78f };
        var expected = PythonBooster.Run("import numpy as np\nfor v in [0.1, 0.97123456, 1e-6, 123456.78]: print(repr(float(np.float32(v))))")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(expected, values.Select(value => PythonFloat.Format(value)));
    }
}
