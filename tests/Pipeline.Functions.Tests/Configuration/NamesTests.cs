using Pipeline.Functions.Configuration;
using Pipeline.Functions.DataArrived;

namespace Pipeline.Functions.Tests.Configuration;

public sealed class NamesTests
{
    private static readonly string Hash = ExecutionNames.ObjectHash("b", "incoming/ds/x.csv", "etag");

    [Fact]
    public void ObjectHash_SameObject_IsStable()
    {
        Assert.Equal(Hash, ExecutionNames.ObjectHash("b", "incoming/ds/x.csv", "etag"));
        Assert.NotEqual(Hash, ExecutionNames.ObjectHash("b", "incoming/ds/x.csv", "etag2"));
        Assert.Equal(64, Hash.Length);
    }

    [Fact]
    public void ExecutionName_PlainDataset_IsDatasetAndSixteenHex()
    {
        Assert.Equal("breast-cancer-" + Hash[..16], ExecutionNames.ExecutionName("breast-cancer", Hash));
    }

    [Fact]
    public void ExecutionName_OddCharacters_AreReplaced()
    {
        Assert.Equal("my_data-set---" + Hash[..16], ExecutionNames.ExecutionName("my_data.set é", Hash));
        Assert.Matches("^[A-Za-z0-9_-]+$", ExecutionNames.ExecutionName("données:2026", Hash));
    }

    [Fact]
    public void ExecutionName_LongDataset_IsAtMostEightyCharacters()
    {
        var name = ExecutionNames.ExecutionName(new string('d', 200), Hash);

        Assert.Equal(80, name.Length);
        Assert.EndsWith("-" + Hash[..16], name, StringComparison.Ordinal);
    }

    [Fact]
    public void TrainingJobName_LongOddDataset_IsValidSageMakerName()
    {
        var name = ExecutionNames.TrainingJobName("__" + new string('x', 100) + "_", new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), Hash);

        Assert.True(SageMakerNames.IsValid(name), name);
        Assert.True(name.Length <= 63);
        Assert.EndsWith("-20260102030405-" + Hash[16..22], name, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a", true)]
    [InlineData("breast-cancer-2", true)]
    [InlineData("a--b", true)]
    [InlineData("-a", false)]
    [InlineData("a-", false)]
    [InlineData("a_b", false)]
    [InlineData("", false)]
    public void IsValid_Name_FollowsSageMakerPattern(string name, bool valid)
    {
        Assert.Equal(valid, SageMakerNames.IsValid(name));
    }

    [Fact]
    public void IsValid_SixtyFourCharacters_IsFalse()
    {
        Assert.True(SageMakerNames.IsValid(new string('a', 63)));
        Assert.False(SageMakerNames.IsValid(new string('a', 64)));
    }

    [Fact]
    public void Sanitize_NothingUsable_ReturnsFallback()
    {
        Assert.Equal("dataset", SageMakerNames.Sanitize("___"));
        Assert.Equal("my-data", SageMakerNames.Sanitize("_my.data_"));
    }
}
