using Pipeline.Local.Persistence;

namespace Pipeline.Local.Tests.Persistence;

public sealed class RuntimeProcessRegistryTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"processes-{Guid.NewGuid():N}");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void OtherProcessesAlive_AloneInFolder_IsFalse()
    {
        using var registry = new RuntimeProcessRegistry(_folder);

        Assert.False(registry.OtherProcessesAlive());
    }

    [Fact]
    public void OtherProcessesAlive_SecondRuntimeHoldsLock_IsTrue()
    {
        using var first = new RuntimeProcessRegistry(_folder);
        using var second = new RuntimeProcessRegistry(_folder);

        Assert.True(first.OtherProcessesAlive());
        Assert.True(second.OtherProcessesAlive());
    }

    [Fact]
    public void OtherProcessesAlive_AfterOtherEnds_IsFalse()
    {
        using var first = new RuntimeProcessRegistry(_folder);
        var second = new RuntimeProcessRegistry(_folder);

        second.Dispose();

        Assert.False(first.OtherProcessesAlive());
    }

    [Fact]
    public void OtherProcessesAlive_StaleFileOfKilledProcess_IsRemoved()
    {
        using var registry = new RuntimeProcessRegistry(_folder);
        var stale = Path.Combine(_folder, "processes", "999999-dead.lock");
        File.WriteAllText(stale, string.Empty);

        Assert.False(registry.OtherProcessesAlive());
        Assert.False(File.Exists(stale));
    }
}
