using System.Text.Json.Nodes;
using Pipeline.Local.S3;

namespace Pipeline.Local.Tests.S3;

public sealed class S3NotificationFilterTests
{
    [Theory]
    [InlineData("ObjectCreated:Put", true)]
    [InlineData("s3:ObjectCreated:Post", true)]
    [InlineData("ObjectCreated:CompleteMultipartUpload", true)]
    [InlineData("ObjectRemoved:Delete", false)]
    [InlineData("ObjectRestore:Completed", false)]
    public void MatchesEvent_WildcardPattern_MatchesCategory(string eventName, bool expected)
    {
        var filter = new S3NotificationFilter(["s3:ObjectCreated:*"]);

        Assert.Equal(expected, filter.MatchesEvent(eventName));
    }

    [Fact]
    public void MatchesEvent_ExactPattern_MatchesOnlyThatEvent()
    {
        var filter = new S3NotificationFilter(["s3:ObjectCreated:Put", "s3:ObjectRemoved:Delete"]);

        Assert.True(filter.MatchesEvent("ObjectCreated:Put"));
        Assert.True(filter.MatchesEvent("ObjectRemoved:Delete"));
        Assert.False(filter.MatchesEvent("ObjectCreated:Copy"));
        Assert.False(filter.MatchesEvent("ObjectRemoved:DeleteMarkerCreated"));
    }

    [Theory]
    [InlineData("incoming/iris/data.csv", true)]
    [InlineData("incoming/data.CSV", false)]
    [InlineData("Incoming/iris/data.csv", false)]
    [InlineData("config/iris.json", false)]
    [InlineData("incoming/iris/data.csv.bak", false)]
    [InlineData("incoming/.csv", true)]
    public void MatchesKey_PrefixAndSuffix_BothMustMatch(string key, bool expected)
    {
        var filter = new S3NotificationFilter(["s3:ObjectCreated:*"], "incoming/", ".csv");

        Assert.Equal(expected, filter.MatchesKey(key));
    }

    [Fact]
    public void MatchesKey_SpecialCharacters_ComparesRawKey()
    {
        var filter = new S3NotificationFilter(["s3:ObjectCreated:*"], "my data/a+b/", "\u00e9.csv");

        Assert.True(filter.MatchesKey("my data/a+b/caf\u00e9.csv"));
        Assert.False(filter.MatchesKey("my+data/a%2Bb/caf%C3%A9.csv"));
    }

    [Fact]
    public void MatchesKey_NoRules_MatchesFolderMarker()
    {
        var filter = new S3NotificationFilter(["s3:ObjectCreated:*"]);

        Assert.Null(filter.Prefix);
        Assert.Null(filter.Suffix);
        Assert.True(filter.MatchesKey("incoming/"));
    }

    [Fact]
    public void Matches_EventAndKey_RequiresBoth()
    {
        var filter = new S3NotificationFilter(["s3:ObjectCreated:*"], "incoming/");

        Assert.True(filter.Matches("ObjectCreated:Put", "incoming/x.csv"));
        Assert.False(filter.Matches("ObjectRemoved:Delete", "incoming/x.csv"));
        Assert.False(filter.Matches("ObjectCreated:Put", "other/x.csv"));
    }

    [Fact]
    public void FromSamEventProperties_RulesAndEventList_BuildsFilter()
    {
        var properties = JsonNode.Parse("""
            {
              "Bucket": { "Ref": "DataBucket" },
              "Events": ["s3:ObjectCreated:*"],
              "Filter": { "S3Key": { "Rules": [ { "Name": "prefix", "Value": "incoming/" }, { "Name": "Suffix", "Value": ".csv" } ] } }
            }
            """)!.AsObject();

        var filter = S3NotificationFilter.FromSamEventProperties(properties);

        Assert.Equal(["s3:ObjectCreated:*"], filter.Events);
        Assert.Equal("incoming/", filter.Prefix);
        Assert.Equal(".csv", filter.Suffix);
        Assert.True(filter.Matches("ObjectCreated:Put", "incoming/iris/data.csv"));
    }

    [Fact]
    public void FromSamEventProperties_SingleEventString_BuildsFilter()
    {
        var properties = JsonNode.Parse("""{ "Bucket": "b", "Events": "s3:ObjectRemoved:*" }""")!.AsObject();

        var filter = S3NotificationFilter.FromSamEventProperties(properties);

        Assert.True(filter.MatchesEvent("ObjectRemoved:Delete"));
        Assert.True(filter.MatchesKey("anything"));
    }

    [Fact]
    public void FromSamEventProperties_MissingEvents_ThrowsWithFix()
    {
        var properties = JsonNode.Parse("""{ "Bucket": "b" }""")!.AsObject();

        var error = Assert.Throws<ArgumentException>(() => S3NotificationFilter.FromSamEventProperties(properties));

        Assert.Contains("'Events'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromSamEventProperties_NonStringEventAndRule_ThrowsNamingThem()
    {
        var badEvent = JsonNode.Parse("""{ "Events": [ 42 ] }""")!.AsObject();
        var badRule = JsonNode.Parse("""{ "Events": "s3:ObjectCreated:*", "Filter": { "S3Key": { "Rules": [ { "Name": "prefix", "Value": 7 } ] } } }""")!.AsObject();

        var eventError = Assert.Throws<ArgumentException>(() => S3NotificationFilter.FromSamEventProperties(badEvent));
        var ruleError = Assert.Throws<ArgumentException>(() => S3NotificationFilter.FromSamEventProperties(badRule));

        Assert.Contains("'42'", eventError.Message, StringComparison.Ordinal);
        Assert.Contains("\"Value\":7", ruleError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromRules_TwoPrefixRules_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            S3NotificationFilter.FromRules(["s3:ObjectCreated:*"], [("prefix", "a/"), ("prefix", "b/")]));

        Assert.Contains("more than one 'prefix' rule", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromRules_UnknownRuleName_ThrowsNamingIt()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            S3NotificationFilter.FromRules(["s3:ObjectCreated:*"], [("contains", "x")]));

        Assert.Contains("'contains'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_InvalidEventTypesAndLongPrefix_ReportsEveryProblem()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new S3NotificationFilter(["s3:ObjectCreated", "ObjectCreated:*"], new string('p', 1025)));

        Assert.Contains("'s3:ObjectCreated'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'ObjectCreated:*'", error.Message, StringComparison.Ordinal);
        Assert.Contains("1025 characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_NoEvents_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => new S3NotificationFilter([]));

        Assert.Contains("at least one event type", error.Message, StringComparison.Ordinal);
    }
}
