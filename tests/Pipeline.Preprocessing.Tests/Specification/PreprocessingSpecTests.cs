namespace Pipeline.Preprocessing.Tests.Specification;

public sealed class PreprocessingSpecTests
{
    [Fact]
    public void Parse_TargetOnly_FillsDocumentedDefaults()
    {
        var spec = PreprocessingSpec.Parse("""{ "target": "diagnosis" }""");

        Assert.Equal("diagnosis", spec.Target.Name);
        Assert.True(spec.Input.Header);
        Assert.Equal(',', spec.Input.Delimiter);
        Assert.Equal('"', spec.Input.Quote);
        Assert.Equal(InputFormat.Auto, spec.Input.Format);
        Assert.Equal(0.8, spec.Split.Train);
        Assert.Equal(0.2, spec.Split.Validation);
        Assert.Equal(0, spec.Split.Test);
        Assert.Equal(42, spec.Split.Seed);
        Assert.Equal(MissingTreatment.Keep, spec.Missing.Numeric);
        Assert.Equal(CategoricalEncoding.Auto, spec.Categorical.Encoding);
        Assert.Equal(20, spec.Categorical.MaxCategories);
        Assert.False(spec.Deduplicate);
        Assert.True(spec.Profile);
        Assert.Equal(OutputFormat.Csv, spec.Output.Format);
    }

    [Fact]
    public void Parse_IndexTarget_DefaultsToNoHeader()
    {
        var spec = PreprocessingSpec.Parse("""{ "target": 0 }""");

        Assert.Equal(0, spec.Target.Index);
        Assert.False(spec.Input.Header);
    }

    [Fact]
    public void Parse_ManyProblems_ReportsEveryOneWithItsPath()
    {
        const string Json = """
            { "splt": {}, "split": { "train": 0.9, "validation": 0.2 }, "output": { "format": "xml" },
              "input": { "delimiter": ";;", "quote": "'" }, "missing": { "categorical": "mean" },
              "filters": [ { "column": "a", "operator": "between", "value": 1 }, { "column": "b", "operator": "isMissing", "value": 2 } ],
              "columns": { "x": { "type": "numeric", "encoding": "onehot" } } }
            """;

        var error = Assert.Throws<PreprocessingSpecException>(() => PreprocessingSpec.Parse(Json));

        Assert.Contains(error.Problems, p => p.StartsWith("$.target: is required", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("$.splt: unknown property 'splt'", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("must add up to 1, got 1.1", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("$.output.format: unknown value \"xml\"", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("$.input.delimiter: must be a single character", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("$.input.quote: \"'\" is not supported", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("$.missing.categorical:", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("$.filters[0].operator: unknown value \"between\"", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("$.filters[1]: operator takes no value", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("$.columns.x: sets encoding", StringComparison.Ordinal));
        Assert.StartsWith($"The preprocessing specification has {error.Problems.Count} problems:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_InvalidJson_SaysSo()
    {
        var error = Assert.Throws<PreprocessingSpecException>(() => PreprocessingSpec.Parse("{ target: "));

        Assert.StartsWith("The preprocessing specification is invalid: $: the specification is not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "target": "y", "split": { "test": 0.1 } }""", 0.7, 0.2, 0.1)]
    [InlineData("""{ "target": "y", "split": { "validation": 0.25 } }""", 0.75, 0.25, 0)]
    [InlineData("""{ "target": "y", "split": { "train": 0.6, "test": 0.2 } }""", 0.6, 0.2, 0.2)]
    public void Parse_PartialSplit_GivesTheRemainderToTheMissingFraction(string json, double train, double validation, double test)
    {
        var split = PreprocessingSpec.Parse(json).Split;

        Assert.Equal(train, split.Train, 9);
        Assert.Equal(validation, split.Validation, 9);
        Assert.Equal(test, split.Test, 9);
    }

    [Fact]
    public void Parse_TargetNamedWithoutHeader_SuggestsAnIndex()
    {
        var error = Assert.Throws<PreprocessingSpecException>(() => PreprocessingSpec.Parse("""{ "target": "label", "input": { "header": false } }"""));

        Assert.Contains("Give the 0-based index instead", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_EnumSpellings_AreAcceptedLoosely()
    {
        var spec = PreprocessingSpec.Parse("""{ "target": "y", "missing": { "numeric": "drop_row" }, "categorical": { "encoding": "one-hot" }, "input": { "format": "JSONL" } }""");

        Assert.Equal(MissingTreatment.DropRow, spec.Missing.Numeric);
        Assert.Equal(CategoricalEncoding.OneHot, spec.Categorical.Encoding);
        Assert.Equal(InputFormat.JsonLines, spec.Input.Format);
    }

    [Fact]
    public void ToJson_RoundTripsThroughParse()
    {
        var spec = PreprocessingSpec.Parse("""
            { "target": "y", "classes": ["b", "a"], "features": ["x", 2], "exclude": ["z"], "deduplicate": true,
              "input": { "delimiter": ";", "quote": "", "thousandsSeparator": ".", "decimalSeparator": "," },
              "columns": { "x": { "type": "categorical", "missing": "constant", "fillValue": "none", "categories": ["p", "q"] } },
              "filters": [ { "column": "x", "operator": "in", "values": ["p", 3] } ],
              "split": { "train": 0.6, "validation": 0.2, "test": 0.2, "seed": 9 }, "output": { "format": "libsvm" } }
            """);

        var again = PreprocessingSpec.FromJson(spec.ToJson());

        Assert.Equal(spec.ToJson().ToJsonString(), again.ToJson().ToJsonString());
        Assert.Null(again.Input.Quote);
        Assert.Equal(TargetType.Categorical, again.TargetType);
    }
}
