using System.Text.Json.Nodes;
using Pipeline.Local.SageMaker.Hosting.RawRows;
using Pipeline.Preprocessing;

namespace Pipeline.Local.Tests.SageMaker.Hosting.RawRows;

/// <summary>
/// Runs the shared raw-row vectors (tests/vectors/raw-rows/*/cases.json): request bodies, and the features or the
/// error each must give with the vector's manifest. tests/inference/test_raw_rows.py runs the same cases against the
/// inference script that serves raw rows on AWS.
/// </summary>
public sealed class RawRowVectorTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var folder in Directory.GetDirectories(RepositoryPaths.Of("tests", "vectors", "raw-rows")).Order(StringComparer.Ordinal))
        {
            var cases = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "cases.json")))!["cases"]!.AsArray();
            foreach (var item in cases)
            {
                data.Add(Path.GetFileName(folder), (string)item!["name"]!);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Encode_SharedVector_MatchesExpectation(string vector, string caseName)
    {
        var folder = RepositoryPaths.Of("tests", "vectors", "raw-rows", vector);
        var document = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "cases.json")))!.AsObject();
        var manifest = PreprocessingManifest.Parse(File.ReadAllText(Path.Combine(folder, (string)document["manifest"]!)));
        var testCase = document["cases"]!.AsArray().Single(item => (string)item!["name"]! == caseName)!;
        var encoder = RawRowRequestEncoder.FromManifest(manifest);
        var body = (string)testCase["body"]!;

        if (testCase["errorContains"] is JsonArray fragments)
        {
            var error = Assert.Throws<PreprocessingException>(() => encoder.Encode(body));
            foreach (var fragment in fragments)
            {
                Assert.Contains((string)fragment!, error.Message, StringComparison.Ordinal);
            }

            return;
        }

        var expected = testCase["expected"]!.AsArray();
        var rows = encoder.Encode(body);
        Assert.Equal(expected.Count, rows.Count);
        for (var row = 0; row < rows.Count; row++)
        {
            var want = expected[row]!.AsArray().Select(value => value is null ? double.NaN : (double)value).ToArray();
            Assert.True(want.SequenceEqual(rows[row]), $"row {row + 1}: expected [{Show(want)}] but got [{Show(rows[row])}]");
        }
    }

    [Fact]
    public void ToFeatureCsv_Rows_WritesRoundTripNumbersAndEmptyMissing()
    {
        var text = RawRowRequestEncoder.ToFeatureCsv([[1704067200.25, double.NaN, 0.1, -3], [1, 2, double.NaN, 1e-7]]);

        Assert.Equal("1704067200.25,,0.1,-3\n1,2,,1E-07\n", text);
    }

    private static string Show(double[] values) => string.Join(", ", values.Select(value => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
}
