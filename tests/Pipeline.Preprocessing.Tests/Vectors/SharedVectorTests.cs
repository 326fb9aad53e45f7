namespace Pipeline.Preprocessing.Tests.Vectors;

/// <summary>
/// The shared vectors in tests/vectors/preprocessing: an input, a specification and the expected output that the
/// C# engine writes and the Glue job's pure-Python engine (tests/glue) must reproduce byte for byte.
/// </summary>
public sealed class SharedVectorTests
{
    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var folder in Directory.GetDirectories(TestFiles.Vectors).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(folder));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task RunAsync_Vector_WritesExpectedFilesAndManifest(string name)
    {
        var folder = Path.Combine(TestFiles.Vectors, name);
        var expected = Path.Combine(folder, "expected");
        var input = Directory.GetFiles(folder, "input.*").Single();
        using var temp = new TempFolder();

        var manifest = await new PreprocessingEngine().RunAsync(PreprocessingSpec.Parse(File.ReadAllText(Path.Combine(folder, "spec.json"))), input, temp.Output);

        foreach (var relative in manifest.Files.Values.Append("manifest.json"))
        {
            Assert.True(
                File.ReadAllText(Path.Combine(expected, relative)) == File.ReadAllText(Path.Combine(temp.Output, relative)),
                $"{name}/{relative} differs from the expected output");
        }
    }
}
