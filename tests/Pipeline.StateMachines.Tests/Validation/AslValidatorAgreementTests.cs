using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Pipeline.StateMachines.Tests.Conformance;
using Xunit.Abstractions;

namespace Pipeline.StateMachines.Tests.Validation;

/// <summary>
/// Runs the npm package asl-validator (4.0.0, installed with npm into the test output folder) on every definition of
/// the conformance suite and of the repository's statemachines/ folder, and checks that it agrees with
/// <see cref="DefinitionValidator"/> on valid/invalid. Known, documented disagreements are listed in
/// TestData/AslValidator/known-differences.json with the reason; the test also fails when one of them stops disagreeing.
/// </summary>
public sealed partial class AslValidatorAgreementTests(ITestOutputHelper output)
{
    private const int BatchSize = 60;

    [SkippableFact]
    public async Task DefinitionValidator_AllDefinitions_AgreesWithAslValidator()
    {
        var npm = FindOnPath("npm");
        Skip.If(npm is null, "npm is not installed, so asl-validator cannot run. Install Node.js 20 or later with npm to run this test.");
        var tool = await InstallAsync(npm!);
        var definitions = CollectDefinitions();
        var folder = Directory.CreateTempSubdirectory("asl-agreement-").FullName;
        try
        {
            var files = new List<(string File, string Name, bool Ours)>();
            for (var i = 0; i < definitions.Count; i++)
            {
                var file = Path.Combine(folder, $"{i:D4}.json");
                await File.WriteAllTextAsync(file, definitions[i].Text);
                files.Add((file, definitions[i].Name, DefinitionValidator.Validate(definitions[i].Text).Count == 0));
            }

            var verdicts = new Dictionary<string, bool>(StringComparer.Ordinal);
            foreach (var batch in files.Chunk(BatchSize))
            {
                foreach (var (file, valid) in await RunAslValidatorAsync(tool, batch.Select(b => b.File)))
                {
                    verdicts[file] = valid;
                }
            }

            var known = LoadKnownDifferences();
            var problems = new List<string>();
            foreach (var (file, name, ours) in files)
            {
                Assert.True(verdicts.TryGetValue(file, out var theirs), $"asl-validator printed no verdict for {name}.");
                var expectedDisagreement = known.ContainsKey(name);
                if ((ours != theirs) != expectedDisagreement)
                {
                    problems.Add(expectedDisagreement
                        ? $"{name}: listed as a known difference, but both now say {(ours ? "valid" : "invalid")}. Remove it from known-differences.json."
                        : $"{name}: DefinitionValidator says {(ours ? "valid" : "invalid")}, asl-validator says {(theirs ? "valid" : "invalid")}.");
                }
            }

            output.WriteLine($"Compared {files.Count} definitions; {known.Count} known differences.");
            Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
            Assert.All(known.Keys, name => Assert.Contains(files, f => f.Name == name));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static List<(string Name, string Text)> CollectDefinitions()
    {
        var definitions = new List<(string Name, string Text)>();
        foreach (var testCase in ConformanceCase.LoadAll())
        {
            var text = testCase.Json["definitionText"]?.GetValue<string>() ?? testCase.Definition.ToJsonString();
            definitions.Add((testCase.ToString(), text));
        }

        var folder = RepositoryPaths.Of("statemachines");
        if (Directory.Exists(folder))
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
            {
                definitions.Add(("statemachines/" + Path.GetFileName(file), File.ReadAllText(file)));
            }
        }

        return definitions;
    }

    private static Dictionary<string, string> LoadKnownDifferences()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "TestData", "AslValidator", "known-differences.json");
        return JsonNode.Parse(File.ReadAllText(path))!.AsArray()
            .ToDictionary(n => n!["case"]!.GetValue<string>(), n => n!["reason"]!.GetValue<string>(), StringComparer.Ordinal);
    }

    private async Task<string> InstallAsync(string npm)
    {
        var tool = Path.Combine(AppContext.BaseDirectory, "asl-validator-tool");
        var binary = Path.Combine(tool, "node_modules", ".bin", "asl-validator");
        if (File.Exists(binary))
        {
            return tool;
        }

        Directory.CreateDirectory(tool);
        File.Copy(Path.Combine(AppContext.BaseDirectory, "TestData", "AslValidator", "package.json"), Path.Combine(tool, "package.json"), overwrite: true);
        var (exit, text) = await RunAsync(npm, tool, ["install", "--no-audit", "--no-fund", "--loglevel", "error"]);
        output.WriteLine(text);
        Assert.True(exit == 0, $"npm install of asl-validator failed with exit code {exit}:{Environment.NewLine}{text}");
        Assert.True(File.Exists(binary), $"npm install succeeded but {binary} is missing:{Environment.NewLine}{text}");
        return tool;
    }

    private static async Task<IEnumerable<(string File, bool Valid)>> RunAslValidatorAsync(string tool, IEnumerable<string> files)
    {
        var npx = FindOnPath("npx") ?? throw new InvalidOperationException("npx is missing although npm is installed.");
        var arguments = new List<string> { "--no-install", "asl-validator" };
        foreach (var file in files)
        {
            arguments.Add("--json-path");
            arguments.Add(file);
        }

        var (_, text) = await RunAsync(npx, tool, arguments);
        return VerdictPattern().Matches(text).Select(m => (m.Groups["file"].Value, m.Groups["verdict"].Value == "valid")).ToList();
    }

    private static async Task<(int Exit, string Output)> RunAsync(string program, string directory, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static string? FindOnPath(string name)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    [GeneratedRegex("State machine definition \"(?<file>[^\"]+)\" is (?<verdict>valid|invalid)")]
    private static partial Regex VerdictPattern();
}
