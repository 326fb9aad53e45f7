using Pipeline.Preprocessing.Internal.Values;

namespace Pipeline.Preprocessing.Tests.Values;

public sealed class RowKeySetTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    [InlineData(1_000_000)]
    public void Add_RandomKeysAndRepeats_AgreesWithHashSet(long expectedKeys)
    {
        var random = new Random(3);
        var keys = new RowKeySet(expectedKeys);
        var reference = new HashSet<UInt128>();
        var added = new List<UInt128>();
        for (var i = 0; i < 50_000; i++)
        {
            // Every fifth key repeats an earlier one; the rest are new, some sharing their low bits.
            var key = i % 5 == 4 && added.Count > 0
                ? added[random.Next(added.Count)]
                : new UInt128((ulong)random.NextInt64(), i % 7 == 0 ? 42UL : (ulong)random.NextInt64());

            Assert.Equal(reference.Add(key), keys.Add(key));
            added.Add(key);
        }

        Assert.Equal(reference.Count, keys.Count);
    }

    [Fact]
    public void Add_ZeroKey_IsRememberedLikeAnyOther()
    {
        var keys = new RowKeySet();

        Assert.True(keys.Add(UInt128.Zero));
        Assert.False(keys.Add(UInt128.Zero));
        Assert.True(keys.Add(UInt128.One));
        Assert.Equal(2, keys.Count);
    }
}
