namespace Pipeline.Preprocessing.Tests.Vectors;

/// <summary>
/// The raw-row vectors (tests/vectors/raw-rows) give request bodies and the features that the manifest in each
/// folder turns them into, and their C# and Python tests read that manifest. This test requires the manifest to be
/// what the engine writes for the folder's input and specification, so a change to the engine shows up here.
/// </summary>
public sealed class RawRowVectorManifestTests
{
    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var folder in Directory.GetDirectories(TestFiles.RawRowVectors).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(folder));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task RunAsync_RawRowVectorInput_WritesTheVectorManifest(string name)
    {
        var folder = Path.Combine(TestFiles.RawRowVectors, name);
        using var temp = new TempFolder();

        await new PreprocessingEngine().RunAsync(PreprocessingSpec.Parse(File.ReadAllText(Path.Combine(folder, "spec.json"))), Path.Combine(folder, "input.csv"), temp.Output);

        Assert.True(
            File.ReadAllText(Path.Combine(folder, "manifest.json")) == File.ReadAllText(Path.Combine(temp.Output, "manifest.json")),
            $"{name}/manifest.json differs from the manifest the engine writes now; regenerate it with pipeline preprocess and check cases.json");
    }
}
