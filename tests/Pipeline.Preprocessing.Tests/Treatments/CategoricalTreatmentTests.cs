namespace Pipeline.Preprocessing.Tests.Treatments;

/// <summary>Categorical encodings on flights_head.csv (origin and destination airports, 2,000 flights).</summary>
public sealed class CategoricalTreatmentTests
{
    private const string Base = """ "target": "arr_del15", "exclude": ["arr_delay", "dep_datetime"] """;

    [Fact]
    public async Task Auto_ManyCategories_UsesSortedOrdinalCodes()
    {
        using var runner = new EngineRunner();

        await runner.RunAsync($"{{ {Base} }}", TestFiles.Data("flights_head.csv"));

        var origin = runner.Column("origin");
        Assert.Equal(FeatureEncoding.Ordinal, origin.Encoding);
        Assert.Equal(origin.Categories!.Order(StringComparer.Ordinal), origin.Categories);
        Assert.Equal(["origin"], origin.Features);
        var codes = runner.Feature("train", "origin").Select(int.Parse).ToList();
        Assert.All(codes, code => Assert.InRange(code, 0, origin.Categories!.Count - 1));
    }

    [Fact]
    public async Task Auto_FewCategories_UsesOneHot()
    {
        using var runner = new EngineRunner();

        await runner.RunAsync($"{{ {Base}, \"columns\": {{ \"day_of_week\": {{ \"type\": \"categorical\" }} }} }}", TestFiles.Data("flights_head.csv"));

        var day = runner.Column("day_of_week");
        Assert.Equal(FeatureEncoding.OneHot, day.Encoding);
        Assert.Equal(ResolvedColumnType.Categorical, day.Type);
        Assert.False(day.OtherIndicator);
        Assert.Equal(day.Categories!.Select(category => $"day_of_week={category}"), day.Features);
        foreach (var row in runner.AllRows())
        {
            var indicators = row.Skip(1 + day.FirstFeature).Take(day.Features.Count).ToList();
            Assert.Equal(1, indicators.Count(cell => cell == "1"));
            Assert.Equal(indicators.Count - 1, indicators.Count(cell => cell == "0"));
        }
    }

    [Fact]
    public async Task OneHotCap_KeepsMostFrequentAndAddsOther()
    {
        using var runner = new EngineRunner();

        await runner.RunAsync($"{{ {Base}, \"columns\": {{ \"origin\": {{ \"encoding\": \"onehot\", \"maxCategories\": 5 }} }} }}", TestFiles.Data("flights_head.csv"));

        var origin = runner.Column("origin");
        Assert.Equal(5, origin.Categories!.Count);
        Assert.True(origin.OtherIndicator);
        Assert.Equal("origin=__other__", origin.Features[^1]);
        Assert.Equal(6, origin.Features.Count);
        foreach (var row in runner.AllRows())
        {
            Assert.Equal(1, row.Skip(1 + origin.FirstFeature).Take(6).Count(cell => cell == "1"));
        }
    }

    [Fact]
    public async Task Ordinal_ExplicitCategories_KeepsGivenOrderAndUnseenIsMissing()
    {
        using var runner = new EngineRunner();
        const string Columns = """ "columns": { "origin": { "encoding": "ordinal", "categories": ["PHX", "LAS"] } } """;

        await runner.RunAsync($"{{ {Base}, {Columns} }}", TestFiles.Data("flights_head.csv"));

        var origin = runner.Column("origin");
        Assert.Equal(["PHX", "LAS"], origin.Categories);
        var raw = File.ReadAllLines(TestFiles.Data("flights_head.csv")).Skip(1).Select(line => line.Split(',')[5]).ToList();
        var written = runner.AllRows().Select(row => row[1 + origin.FirstFeature]).ToList();
        Assert.Equal(raw.Count(value => value == "PHX"), written.Count(cell => cell == "0"));
        Assert.Equal(raw.Count(value => value == "LAS"), written.Count(cell => cell == "1"));
        Assert.Equal(raw.Count(value => value is not "PHX" and not "LAS"), written.Count(cell => cell == ""));
    }

    [Fact]
    public async Task MinFrequency_RareCategoriesGoToOther()
    {
        using var runner = new EngineRunner();

        await runner.RunAsync($"{{ {Base}, \"categorical\": {{ \"encoding\": \"onehot\", \"maxCategories\": 1000, \"minFrequency\": 20 }} }}", TestFiles.Data("flights_head.csv"));

        var origin = runner.Column("origin");
        Assert.True(origin.OtherIndicator);
        Assert.True(origin.Categories!.Count < origin.Statistics!.Distinct);
    }

    [Fact]
    public async Task NumericColumnAsCategorical_OneHotsItsCodes()
    {
        using var runner = new EngineRunner();

        await runner.RunAsync("""{ "target": "progression", "columns": { "sex": { "type": "categorical" } } }""", TestFiles.Data("diabetes.csv"));

        var sex = runner.Column("sex");
        Assert.Equal(["sex=1", "sex=2"], sex.Features);
        Assert.Equal(11, runner.Manifest.Features.Count);
    }

    [Fact]
    public async Task StringTarget_MapsClassesToSortedIds()
    {
        using var runner = new EngineRunner();

        var manifest = await runner.RunAsync("""{ "target": "destination", "exclude": ["dep_datetime"] }""", TestFiles.Data("flights_head.csv"));

        Assert.Equal(TargetType.Categorical, manifest.Target.Type);
        var classes = manifest.Target.Classes!;
        Assert.Equal(classes.Order(StringComparer.Ordinal), classes);
        var raw = File.ReadAllLines(TestFiles.Data("flights_head.csv")).Skip(1).Select(line => line.Split(',')).ToList();
        Assert.Equal(raw.Select(cells => cells[6]).Distinct().Count(), classes.Count);
        var labels = runner.AllRows().Select(row => int.Parse(row[0], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(raw.Count(cells => cells[6] == classes[0]), labels.Count(label => label == 0));
        Assert.All(labels, label => Assert.InRange(label, 0, classes.Count - 1));
    }

    [Fact]
    public async Task ExplicitClasses_SetTheClassIds()
    {
        using var runner = new EngineRunner();

        var manifest = await runner.RunAsync("""{ "target": "diagnosis", "classes": ["1", "0"] }""", TestFiles.Data("breast_cancer.csv"));

        Assert.Equal(["1", "0"], manifest.Target.Classes);
        var labels = runner.AllRows().Select(row => row[0]).ToList();
        Assert.Equal(357, labels.Count(label => label == "0"));
        Assert.Equal(212, labels.Count(label => label == "1"));
    }

    [Fact]
    public async Task ExplicitClasses_UnlistedValue_NamesIt()
    {
        using var runner = new EngineRunner();

        var error = await Assert.ThrowsAsync<PreprocessingException>(() =>
            runner.RunAsync("""{ "target": "diagnosis", "classes": ["1"] }""", TestFiles.Data("breast_cancer.csv")));

        Assert.Contains("has values not listed in classes: '0'", error.Message, StringComparison.Ordinal);
    }
}
