using System.Globalization;
using Pipeline.Preprocessing.Internal.Values;

namespace Pipeline.Preprocessing.Tests.Values;

public sealed class NumberTextTests
{
    private static readonly NumberText Plain = new(thousandsSeparator: null, decimalSeparator: '.');

    [Theory]
    [InlineData("0")]
    [InlineData("7")]
    [InlineData("+7")]
    [InlineData("-42")]
    [InlineData("000123")]
    [InlineData("123456789012345")]
    [InlineData("1234567890123456")]
    [InlineData("99999999999999999999")]
    [InlineData("3.25")]
    [InlineData("-1e-5")]
    [InlineData(".5")]
    [InlineData("+.5")]
    [InlineData("1.")]
    [InlineData("1E+3")]
    [InlineData("12e2")]
    [InlineData("1.7976931348623157e308")]
    [InlineData("1e-400")]
    public void TryParse_Number_MatchesDoubleParse(string text)
    {
        Assert.True(Plain.TryParse(text, out var value));

        Assert.Equal(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture), value);
    }

    [Fact]
    public void TryParse_MinusZero_IsNegativeZero()
    {
        Assert.True(Plain.TryParse("-0", out var value));

        Assert.True(double.IsNegative(value));
        Assert.Equal(0, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("+")]
    [InlineData("12a")]
    [InlineData("1 2")]
    [InlineData("--1")]
    [InlineData("1,000")]
    [InlineData("nan")]
    [InlineData("e5")]
    [InlineData("1e")]
    [InlineData(".")]
    [InlineData("1-2")]
    [InlineData("LAS")]
    [InlineData("2001-01-01")]
    [InlineData("2001-01-01 00:01")]
    [InlineData("1e309")]
    [InlineData("-.1e310")]
    [InlineData("1.8e308")]
    public void TryParse_NotANumber_ReturnsFalse(string text)
    {
        Assert.False(Plain.TryParse(text, out _));
    }

    [Fact]
    public void TryParse_ThousandsSeparatorConfigured_ReadsGroupedDigits()
    {
        var grouped = new NumberText(thousandsSeparator: ',', decimalSeparator: '.');

        Assert.True(grouped.TryParse("1,234,567", out var value));

        Assert.Equal(1_234_567, value);
    }
}
