using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Pipeline.Aws.Signing;

namespace Pipeline.Aws.Tests.Signing;

public sealed class SigV4SignerTests
{
    private static readonly SigV4Credentials ExampleCredentials = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    private static readonly DateTimeOffset ExampleTime = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);

    public static TheoryData<string> VectorNames()
    {
        var data = new TheoryData<string>();
        foreach (var vector in LoadVectors().EnumerateArray())
        {
            data.Add(vector.GetProperty("name").GetString()!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void Sign_PublishedVector_MatchesPublishedAuthorization(string name)
    {
        var vector = LoadVectors().EnumerateArray().Single(item => item.GetProperty("name").GetString() == name);
        var body = Encoding.UTF8.GetBytes(vector.GetProperty("body").GetString()!);
        var request = new SigV4Request(
            vector.GetProperty("method").GetString()!,
            vector.GetProperty("path").GetString()!,
            Pairs(vector.GetProperty("query")),
            Pairs(vector.GetProperty("headers")),
            SigV4Signer.HashPayload(body));

        var signature = SigV4Signer.Sign(request, ExampleCredentials, "us-east-1", vector.GetProperty("service").GetString()!, ExampleTime);

        Assert.Equal(vector.GetProperty("authorization").GetString(), signature.Authorization);
    }

    [Fact]
    public void Sign_DocumentationExample_MatchesPublishedIntermediateValues()
    {
        var request = new SigV4Request(
            "GET",
            "/",
            [new("Action", "ListUsers"), new("Version", "2010-05-08")],
            [new("Host", "iam.amazonaws.com"), new("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"), new("X-Amz-Date", "20150830T123600Z")],
            SigV4Signer.EmptyPayloadHash);

        var signature = SigV4Signer.Sign(request, ExampleCredentials, "us-east-1", "iam", ExampleTime);

        Assert.Equal(
            "GET\n/\nAction=ListUsers&Version=2010-05-08\ncontent-type:application/x-www-form-urlencoded; charset=utf-8\nhost:iam.amazonaws.com\nx-amz-date:20150830T123600Z\n\ncontent-type;host;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            signature.CanonicalRequest);
        Assert.Equal(
            "f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59",
            Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(signature.CanonicalRequest))));
        Assert.Equal("20150830/us-east-1/iam/aws4_request", signature.CredentialScope);
        Assert.Equal("5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7", signature.Signature);
    }

    [Fact]
    public void DeriveSigningKey_DocumentationExample_MatchesPublishedKey()
    {
        var key = SigV4Signer.DeriveSigningKey(ExampleCredentials.SecretAccessKey, "20150830", "us-east-1", "iam");

        Assert.Equal("c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9", Convert.ToHexStringLower(key));
    }

    [Fact]
    public void HashPayload_EmptyBody_IsWellKnownHash()
    {
        Assert.Equal(SigV4Signer.EmptyPayloadHash, SigV4Signer.HashPayload([]));
    }

    [Theory]
    [InlineData("abc-_.~XYZ019", "abc-_.~XYZ019")]
    [InlineData("a b", "a%20b")]
    [InlineData("a+b=c&d", "a%2Bb%3Dc%26d")]
    [InlineData("ሴ", "%E1%88%B4")]
    [InlineData("a/b", "a%2Fb")]
    public void UriEncode_Value_EncodesAllButUnreserved(string value, string expected)
    {
        Assert.Equal(expected, SigV4Signer.UriEncode(value));
    }

    [Fact]
    public void Sign_NonS3PathWithEscape_EncodesSegmentsTwice()
    {
        var request = new SigV4Request("GET", "/a%20b/c", [], [new("host", "example.amazonaws.com"), new("x-amz-date", "20150830T123600Z")], SigV4Signer.EmptyPayloadHash);

        var service = SigV4Signer.Sign(request, ExampleCredentials, "us-east-1", "service", ExampleTime);
        var s3 = SigV4Signer.Sign(request, ExampleCredentials, "us-east-1", "s3", ExampleTime);

        Assert.StartsWith("GET\n/a%2520b/c\n", service.CanonicalRequest, StringComparison.Ordinal);
        Assert.StartsWith("GET\n/a%20b/c\n", s3.CanonicalRequest, StringComparison.Ordinal);
    }

    [Fact]
    public void Sign_RepeatedHeader_JoinsValuesWithComma()
    {
        var request = new SigV4Request(
            "GET",
            "/",
            [],
            [new("host", "example.amazonaws.com"), new("My-Header1", "value2"), new("My-Header1", "value1"), new("x-amz-date", "20150830T123600Z")],
            SigV4Signer.EmptyPayloadHash);

        var signature = SigV4Signer.Sign(request, ExampleCredentials, "us-east-1", "service", ExampleTime);

        Assert.Contains("\nmy-header1:value2,value1\n", signature.CanonicalRequest, StringComparison.Ordinal);
        Assert.Equal("host;my-header1;x-amz-date", signature.SignedHeaders);
    }

    [Fact]
    public void FormatAmzDate_OffsetTime_UsesUtc()
    {
        var time = DateTimeOffset.Parse("2015-08-30T14:36:00+02:00", CultureInfo.InvariantCulture);

        Assert.Equal("20150830T123600Z", SigV4Signer.FormatAmzDate(time));
    }

    [Fact]
    public void ToString_Credentials_HidesSecret()
    {
        Assert.DoesNotContain(ExampleCredentials.SecretAccessKey, ExampleCredentials.ToString(), StringComparison.Ordinal);
    }

    private static JsonElement LoadVectors()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "TestData", "sigv4-vectors.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("vectors").Clone();
    }

    private static List<KeyValuePair<string, string>> Pairs(JsonElement array) =>
        [.. array.EnumerateArray().Select(pair => new KeyValuePair<string, string>(pair[0].GetString()!, pair[1].GetString()!))];
}
