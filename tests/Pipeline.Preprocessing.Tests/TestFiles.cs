namespace Pipeline.Preprocessing.Tests;

/// <summary>Test data copied next to the test assembly, and scratch folders removed on dispose.</summary>
internal static class TestFiles
{
    public static string Data(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", name);

    public static string Vectors => Path.Combine(AppContext.BaseDirectory, "vectors");

    public static string RawRowVectors => Path.Combine(AppContext.BaseDirectory, "raw-row-vectors");
}

public sealed class TempFolder : IDisposable
{
    public TempFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "pp-tests-" + Guid.NewGuid().ToString("N"));

    public string File(string name, string content)
    {
        var path = System.IO.Path.Combine(Path, name);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    public string Output => System.IO.Path.Combine(Path, "out");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
