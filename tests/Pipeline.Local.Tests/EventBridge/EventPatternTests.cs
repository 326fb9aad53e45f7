using System.Text.Json.Nodes;
using Pipeline.Local.EventBridge;

namespace Pipeline.Local.Tests.EventBridge;

public sealed class EventPatternTests
{
    private const string AlarmArn = "arn:aws:cloudwatch:us-east-1:000000000000:alarm:ml-pipeline-runaway-training-job";

    private static readonly JsonObject AlarmEvent = JsonNode.Parse($$"""
        {
          "version": "0", "id": "c4c1c1c9", "detail-type": "CloudWatch Alarm State Change", "source": "aws.cloudwatch",
          "account": "000000000000", "time": "2026-05-01T08:05:00Z", "region": "us-east-1", "resources": ["{{AlarmArn}}"],
          "detail": { "alarmName": "ml-pipeline-runaway-training-job", "state": { "value": "ALARM", "count": 3 }, "previousState": { "value": "OK" } }
        }
        """)!.AsObject();

    [Theory]
    [InlineData("""{"source": ["aws.cloudwatch"], "detail-type": ["CloudWatch Alarm State Change"], "resources": ["arn:other", "{{ARN}}"], "detail": {"state": {"value": ["ALARM"]}}}""", true)]
    [InlineData("""{"source": ["aws.cloudwatch"], "detail": {"state": {"value": ["OK"]}}}""", false)]
    [InlineData("""{"resources": ["arn:other"]}""", false)]
    [InlineData("""{"detail": {"alarmName": [{"prefix": "ml-pipeline-runaway-"}]}}""", true)]
    [InlineData("""{"detail": {"alarmName": [{"suffix": "-execution"}]}}""", false)]
    [InlineData("""{"detail": {"state": {"value": [{"anything-but": ["OK", "INSUFFICIENT_DATA"]}]}}}""", true)]
    [InlineData("""{"detail": {"state": {"value": [{"anything-but": {"prefix": "AL"}}]}}}""", false)]
    [InlineData("""{"detail": {"state": {"count": [{"numeric": [">", 2, "<=", 3]}]}}}""", true)]
    [InlineData("""{"detail": {"state": {"count": [{"numeric": ["<", 3]}]}}}""", false)]
    [InlineData("""{"detail": {"state": {"count": [3]}}}""", true)]
    [InlineData("""{"detail": {"state": {"count": ["3"]}}}""", false)]
    [InlineData("""{"detail": {"reason": [{"exists": false}]}}""", true)]
    [InlineData("""{"detail": {"alarmName": [{"exists": true}]}}""", true)]
    [InlineData("""{"detail": {"reason": ["x"]}}""", false)]
    [InlineData("""{"detail-type": [{"equals-ignore-case": "cloudwatch alarm state change"}]}""", true)]
    [InlineData("""{"detail": {"alarmName": [{"wildcard": "ml-*-job"}]}}""", true)]
    [InlineData("""{"detail": {"alarmName": [{"wildcard": "ml-*-execution"}]}}""", false)]
    [InlineData("""{"detail": {"state": ["ALARM"]}}""", false)]
    public void Matches_AlarmEvent_FollowsEventBridgeRules(string pattern, bool expected)
    {
        var parsed = EventPattern.Parse(JsonNode.Parse(pattern.Replace("{{ARN}}", AlarmArn, StringComparison.Ordinal))!.AsObject());

        Assert.Equal(expected, parsed.Matches(AlarmEvent));
    }

    [Theory]
    [InlineData("""{}""", "The event pattern is empty")]
    [InlineData("""{"source": "aws.s3"}""", "field 'source' must hold a non-empty array")]
    [InlineData("""{"detail": {"size": [{"numeric": [">"]}]}}""", "field 'detail.size' has a numeric matcher that is not [operator, number]")]
    [InlineData("""{"detail": {"size": [{"numeric": ["!=", 1]}]}}""", "the numeric operator '!='. Use =, >, >=, < or <=")]
    [InlineData("""{"detail": {"ip": [{"cidr": "10.0.0.0/24"}]}}""", "uses the matcher {\"cidr\":\"10.0.0.0/24\"}, which the local runtime does not support")]
    public void Parse_InvalidPattern_NamesFieldAndFix(string pattern, string expected)
    {
        var error = Assert.Throws<FormatException>(() => EventPattern.Parse(JsonNode.Parse(pattern)!.AsObject()));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
