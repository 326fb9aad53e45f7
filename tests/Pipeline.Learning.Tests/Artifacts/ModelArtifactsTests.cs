using System.Formats.Tar;
using System.IO.Compression;

namespace Pipeline.Learning.Tests.Artifacts;

public sealed class ModelArtifactsTests
{
    [Fact]
    public async Task WriteTarGzAsync_ModelDirectory_RoundTripsEveryFile()
    {
        using var files = new TestFiles();
        files.Write("model/xgboost-model", "model bytes");
        files.Write("model/extra/notes.txt", "notes");
        using var archive = new MemoryStream();

        await ModelArtifacts.WriteTarGzAsync(files.ModelDirectory, archive);
        archive.Position = 0;
        var target = Path.Combine(files.Root, "extracted");
        await ModelArtifacts.ExtractTarGzAsync(archive, target);

        Assert.Equal("model bytes", await File.ReadAllTextAsync(Path.Combine(target, "xgboost-model")));
        Assert.Equal("notes", await File.ReadAllTextAsync(Path.Combine(target, "extra", "notes.txt")));
    }

    [Fact]
    public async Task WriteTarGzAsync_XGBoostModel_IsAtArchiveRootAsSystemTarSeesIt()
    {
        using var files = new TestFiles();
        files.Write("model/xgboost-model", "model bytes");
        var archivePath = Path.Combine(files.Root, "model.tar.gz");
        await using (var output = File.Create(archivePath))
        {
            await ModelArtifacts.WriteTarGzAsync(files.ModelDirectory, output);
        }

        var listing = RunTar("-tzf", archivePath);

        Assert.Equal("xgboost-model", listing.Trim());
    }

    [Fact]
    public async Task ExtractTarGzAsync_EntryOutsideDestination_Rejects()
    {
        using var files = new TestFiles();
        using var archive = new MemoryStream();
        await using (var gzip = new GZipStream(archive, CompressionLevel.Fastest, leaveOpen: true))
        await using (var writer = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, "../escape.txt") { DataStream = new MemoryStream([1, 2, 3]) };
            await writer.WriteEntryAsync(entry);
        }

        archive.Position = 0;
        var target = Path.Combine(files.Root, "extracted");

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ModelArtifacts.ExtractTarGzAsync(archive, target));

        Assert.Contains("../escape.txt", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(files.Root, "escape.txt")));
    }

    [Fact]
    public async Task WriteTarGzAsync_MissingDirectory_Throws()
    {
        using var files = new TestFiles();

        await Assert.ThrowsAsync<DirectoryNotFoundException>(() => ModelArtifacts.WriteTarGzAsync(Path.Combine(files.Root, "none"), Stream.Null));
    }

    private static string RunTar(params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo("tar") { RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }
}
