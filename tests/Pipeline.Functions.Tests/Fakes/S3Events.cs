using System.Text.Json.Nodes;
using Pipeline.Aws.Storage;

namespace Pipeline.Functions.Tests.Fakes;

/// <summary>Builds S3 event notification JSON in the shape of AWS's documented example.</summary>
internal static class S3Events
{
    public static JsonObject Record(string bucket, string encodedKey, long size, string eTag, string? versionId = null, string sequencer = "0055AED6DCD90281E5", string eventName = "ObjectCreated:Put", string eventTime = "2026-12-04T20:15:30.123Z")
    {
        var s3Object = new JsonObject
        {
            ["key"] = encodedKey,
            ["size"] = size,
            ["eTag"] = eTag,
            ["sequencer"] = sequencer,
        };
        if (versionId is not null)
        {
            s3Object["versionId"] = versionId;
        }

        return new JsonObject
        {
            ["eventVersion"] = "2.1",
            ["eventSource"] = "aws:s3",
            ["awsRegion"] = "us-east-1",
            ["eventTime"] = eventTime,
            ["eventName"] = eventName,
            ["userIdentity"] = new JsonObject { ["principalId"] = "AWS:AIDAEXAMPLE" },
            ["requestParameters"] = new JsonObject { ["sourceIPAddress"] = "127.0.0.1" },
            ["responseElements"] = new JsonObject { ["x-amz-request-id"] = "C3D13FE58DE4C810", ["x-amz-id-2"] = "FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD" },
            ["s3"] = new JsonObject
            {
                ["s3SchemaVersion"] = "1.0",
                ["configurationId"] = "DataArrived",
                ["bucket"] = new JsonObject
                {
                    ["name"] = bucket,
                    ["ownerIdentity"] = new JsonObject { ["principalId"] = "A3NL1KOZZKExample" },
                    ["arn"] = "arn:aws:s3:::" + bucket,
                },
                ["object"] = s3Object,
            },
        };
    }

    public static JsonObject ForObject(string bucket, string key, ObjectMetadata metadata, string sequencer = "0055AED6DCD90281E5", string eventName = "ObjectCreated:Put") =>
        Record(bucket, S3EventObject.EncodeKey(key), metadata.ContentLength, metadata.ETag, metadata.VersionId, sequencer, eventName);

    public static JsonObject Notification(params JsonObject[] records) => new() { ["Records"] = new JsonArray([.. records]) };
}
