using System.Net;
using Pipeline.Aws;
using Pipeline.Functions.Configuration;
using Pipeline.Functions.Tests.Fakes;
using static Pipeline.Functions.Tests.DataArrived.DataArrivedFixture;

namespace Pipeline.Functions.Tests.DataArrived;

/// <summary>At-least-once, out-of-order delivery and configuration failures.</summary>
public sealed class DataArrivedDeliveryTests
{
    private const string Key = "incoming/breast-cancer/data.csv";

    [Fact]
    public async Task HandleAsync_SameFileAfterConfigurationChange_StartsNewExecution()
    {
        var fixture = new DataArrivedFixture();
        var metadata = fixture.Storage.Put(Bucket, Key, "a,b\n1,2\n");
        var notification = S3Events.Notification(S3Events.ForObject(Bucket, Key, metadata));
        var first = await fixture.InvokeAsync(notification);

        fixture.Storage.Put(Bucket, fixture.Options.ConfigPrefix + "breast-cancer.json", """{ "preprocessing": { "target": "b" } }""");
        var second = await fixture.InvokeAsync(notification);

        var firstArn = Assert.Single(Strings(first["started"]));
        var secondArn = Assert.Single(Strings(second["started"]));
        Assert.NotEqual(firstArn, secondArn);
        Assert.Equal(2, fixture.StepFunctions.Executions.Count);
    }

    [Fact]
    public async Task HandleAsync_RedeliveredEventLater_CountsAsDuplicate()
    {
        var fixture = new DataArrivedFixture();
        var metadata = fixture.Storage.Put(Bucket, Key, "a,b\n1,2\n");
        var notification = S3Events.Notification(S3Events.ForObject(Bucket, Key, metadata));

        var first = await fixture.InvokeAsync(notification);
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        var second = await fixture.InvokeAsync(notification);

        var arn = Assert.Single(Strings(first["started"]));
        Assert.Empty(second["started"]!.AsArray());
        Assert.Equal([arn], Strings(second["duplicates"]));
        Assert.Single(fixture.StepFunctions.Executions);
    }

    [Fact]
    public async Task HandleAsync_SameEventTwiceInBatch_StartsOnce()
    {
        var fixture = new DataArrivedFixture();
        var metadata = fixture.Storage.Put(Bucket, Key, "a,b\n1,2\n");
        var record = S3Events.ForObject(Bucket, Key, metadata);

        var summary = await fixture.InvokeAsync(S3Events.Notification(record, (System.Text.Json.Nodes.JsonObject)record.DeepClone()));

        var arn = Assert.Single(Strings(summary["started"]));
        Assert.Equal([arn], Strings(summary["duplicates"]));
    }

    [Fact]
    public async Task HandleAsync_OlderEventAfterNewerWrite_IsSkippedAsStale()
    {
        var fixture = new DataArrivedFixture();
        var older = fixture.Storage.Put(Bucket, Key, "a,b\n1,2\n");
        var newer = fixture.Storage.Put(Bucket, Key, "a,b\n1,2\n3,4\n");

        var summary = await fixture.InvokeAsync(S3Events.Notification(S3Events.ForObject(Bucket, Key, older, sequencer: "0055AED6DCD90281E5")));
        var later = await fixture.InvokeAsync(S3Events.Notification(S3Events.ForObject(Bucket, Key, newer, sequencer: "0055AED6DCD90281E6")));

        Assert.Contains("stale", SkipReason(summary), StringComparison.Ordinal);
        Assert.Contains(newer.ETag, SkipReason(summary), StringComparison.Ordinal);
        Assert.Single(Strings(later["started"]));
        var input = System.Text.Json.Nodes.JsonNode.Parse(Assert.Single(fixture.StepFunctions.StartRequests).Input!)!;
        Assert.Equal(newer.ETag, (string?)input["source"]!["eTag"]);
    }

    [Fact]
    public async Task HandleAsync_OutOfOrderEventsInBatch_KeepsGreatestSequencer()
    {
        var fixture = new DataArrivedFixture();
        var first = fixture.Storage.Put(Bucket, Key, "a,b\n1,2\n", versionId: "v1");
        var second = fixture.Storage.Put(Bucket, Key, "a,b\n1,2\n3,4\n", versionId: "v2");

        // The later write (longer sequencer, compared after zero padding) arrives first in the batch.
        var summary = await fixture.InvokeAsync(S3Events.Notification(
            S3Events.ForObject(Bucket, Key, second, sequencer: "0055AED6DCD90281E501"),
            S3Events.ForObject(Bucket, Key, first, sequencer: "0055AED6DCD90281E5")));

        Assert.Single(Strings(summary["started"]));
        Assert.Contains("later event", SkipReason(summary), StringComparison.Ordinal);
        var input = System.Text.Json.Nodes.JsonNode.Parse(Assert.Single(fixture.StepFunctions.StartRequests).Input!)!;
        Assert.Equal("v2", (string?)input["source"]!["versionId"]);
    }

    [Fact]
    public async Task HandleAsync_VersionReplaced_IsSkippedAsStale()
    {
        var fixture = new DataArrivedFixture();
        var v1 = fixture.Storage.Put(Bucket, Key, "a,b\n1,2\n", versionId: "v1");
        fixture.Storage.Put(Bucket, Key, "a,b\n1,2\n", versionId: "v2");

        var summary = await fixture.InvokeAsync(S3Events.Notification(S3Events.ForObject(Bucket, Key, v1)));

        Assert.Contains("version v2", SkipReason(summary), StringComparison.Ordinal);
        Assert.Empty(fixture.StepFunctions.StartRequests);
    }

    [Fact]
    public async Task HandleAsync_VersionedObject_NamesExecutionAfterVersion()
    {
        var fixture = new DataArrivedFixture();
        var v7 = fixture.Storage.Put(Bucket, Key, "a,b\n1,2\n", versionId: "v7");

        await fixture.InvokeAsync(S3Events.Notification(S3Events.ForObject(Bucket, Key, v7)));

        var request = Assert.Single(fixture.StepFunctions.StartRequests);
        Assert.Equal(Pipeline.Functions.DataArrived.ExecutionNames.ExecutionName("breast-cancer", Pipeline.Functions.DataArrived.ExecutionNames.RunHash(Pipeline.Functions.DataArrived.ExecutionNames.ObjectHash(Bucket, Key, "v7"), DataArrivedFixture.MinimalConfiguration)), request.Name);
    }

    [Fact]
    public async Task HandleAsync_ObjectDeletedSinceEvent_IsSkipped()
    {
        var fixture = new DataArrivedFixture();
        var metadata = fixture.Storage.Put(Bucket, Key, "a,b\n1,2\n");
        fixture.Storage.Delete(Bucket, Key);

        var summary = await fixture.InvokeAsync(S3Events.Notification(S3Events.ForObject(Bucket, Key, metadata)));

        Assert.Contains("no longer exists", SkipReason(summary), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_QuotedEventETag_MatchesUnquotedCurrentETag()
    {
        var fixture = new DataArrivedFixture();
        var metadata = fixture.Storage.Put(Bucket, Key, "a,b\n1,2\n");

        var summary = await fixture.InvokeAsync(S3Events.Notification(S3Events.Record(Bucket, Key, metadata.ContentLength, $"\"{metadata.ETag}\"")));

        Assert.Single(Strings(summary["started"]));
    }

    [Fact]
    public async Task HandleAsync_MissingConfiguration_FailsNamingKeyAndFix()
    {
        var fixture = new DataArrivedFixture();
        var metadata = fixture.Storage.Put(Bucket, "incoming/iris/data.csv", "a,b\n1,2\n");

        var error = await Assert.ThrowsAsync<DatasetConfigurationException>(() => fixture.InvokeAsync(S3Events.Notification(S3Events.ForObject(Bucket, "incoming/iris/data.csv", metadata))));

        Assert.Contains($"s3://{Bucket}/config/iris.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("not found", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"target\"", error.Message, StringComparison.Ordinal);
        Assert.Empty(fixture.StepFunctions.StartRequests);
    }

    [Fact]
    public async Task HandleAsync_InvalidConfiguration_FailsListingProblems()
    {
        var fixture = new DataArrivedFixture();
        fixture.Storage.Put(Bucket, "config/breast-cancer.json", """{ "preprocessing": {}, "training": { "instanceCount": 0 } }""");
        var metadata = fixture.Storage.Put(Bucket, Key, "a,b\n1,2\n");

        var error = await Assert.ThrowsAsync<DatasetConfigurationException>(() => fixture.InvokeAsync(S3Events.Notification(S3Events.ForObject(Bucket, Key, metadata))));

        Assert.Contains($"s3://{Bucket}/config/breast-cancer.json", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, error.Problems.Count);
        Assert.Contains(error.Problems, problem => problem.Contains("preprocessing.target", StringComparison.Ordinal));
        Assert.Contains(error.Problems, problem => problem.Contains("training.instanceCount", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HandleAsync_OneRecordFails_OthersStillStartThenInvocationFails()
    {
        var fixture = new DataArrivedFixture();
        var good = fixture.Storage.Put(Bucket, Key, "a,b\n1,2\n");
        var orphan = fixture.Storage.Put(Bucket, "incoming/iris/data.csv", "a,b\n1,2\n");

        await Assert.ThrowsAsync<DatasetConfigurationException>(() => fixture.InvokeAsync(S3Events.Notification(
            S3Events.ForObject(Bucket, "incoming/iris/data.csv", orphan),
            S3Events.ForObject(Bucket, Key, good))));

        Assert.Single(fixture.StepFunctions.Executions);
    }

    [Fact]
    public async Task HandleAsync_TwoRecordsFail_RaisesAggregateNamingBoth()
    {
        var fixture = new DataArrivedFixture();
        var iris = fixture.Storage.Put(Bucket, "incoming/iris/data.csv", "a,b\n1,2\n");
        var wine = fixture.Storage.Put(Bucket, "incoming/wine/data.csv", "a,b\n1,2\n");

        var error = await Assert.ThrowsAsync<AggregateException>(() => fixture.InvokeAsync(S3Events.Notification(
            S3Events.ForObject(Bucket, "incoming/iris/data.csv", iris),
            S3Events.ForObject(Bucket, "incoming/wine/data.csv", wine))));

        Assert.Equal(2, error.InnerExceptions.Count);
        Assert.Contains("config/iris.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("config/wine.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_StartExecutionFails_PropagatesServiceError()
    {
        var fixture = new DataArrivedFixture();
        var metadata = fixture.Storage.Put(Bucket, Key, "a,b\n1,2\n");
        fixture.StepFunctions.FailWith = new AwsServiceErrorException("StateMachineDoesNotExist", "State Machine Does Not Exist", HttpStatusCode.BadRequest, "r1");

        var error = await Assert.ThrowsAsync<AwsServiceErrorException>(() => fixture.InvokeAsync(S3Events.Notification(S3Events.ForObject(Bucket, Key, metadata))));

        Assert.Equal("StateMachineDoesNotExist", error.ErrorCode);
    }

    [Fact]
    public void ExecutionArn_StateMachineArn_BecomesExecutionArn()
    {
        Assert.Equal(
            "arn:aws:states:us-east-1:123456789012:execution:retrain:run-1",
            Pipeline.Functions.DataArrived.Function.ExecutionArn(StateMachineArn, "run-1"));
    }
}
