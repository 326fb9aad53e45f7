using System.Text;
using Pipeline.Local.S3;

namespace Pipeline.Local.Tests.S3;

public sealed class AwsChunkedStreamTests
{
    private const string SignedBody =
        "4;chunk-signature=aaaa\r\nabcd\r\n3;chunk-signature=bbbb\r\nefg\r\n0;chunk-signature=cccc\r\n"
        + "x-amz-checksum-crc32:MSpqpg==\r\nx-amz-trailer-signature:dddd\r\n\r\n";

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(4096)]
    public async Task ReadAsync_AnyBufferSize_DecodesChunksAndTrailers(int bufferSize)
    {
        using var stream = new AwsChunkedStream(new MemoryStream(Encoding.ASCII.GetBytes(SignedBody)), expectedLength: 7, S3Checksum.Create("x-amz-checksum-crc32"));

        var decoded = new List<byte>();
        var buffer = new byte[bufferSize];
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            decoded.AddRange(buffer.Take(read));
        }

        Assert.Equal("abcdefg", Encoding.ASCII.GetString(decoded.ToArray()));
        Assert.Equal("MSpqpg==", stream.Trailers["x-amz-checksum-crc32"]);
        Assert.Equal("dddd", stream.Trailers["x-amz-trailer-signature"]);
    }

    [Fact]
    public async Task ReadAsync_ChunkLongerThanDeclared_Throws()
    {
        using var stream = new AwsChunkedStream(new MemoryStream("2\r\nabc\r\n0\r\n\r\n"u8.ToArray()), expectedLength: null);

        await Assert.ThrowsAsync<InvalidDataException>(() => stream.CopyToAsync(Stream.Null));
    }

    [Fact]
    public async Task ReadAsync_InvalidChunkHeader_ThrowsNamingIt()
    {
        using var stream = new AwsChunkedStream(new MemoryStream("zz;chunk-signature=1\r\nabc\r\n"u8.ToArray()), expectedLength: null);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => stream.CopyToAsync(Stream.Null));

        Assert.Contains("'zz;chunk-signature=1'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_AnnouncedTrailerMissing_Throws()
    {
        using var stream = new AwsChunkedStream(new MemoryStream("1\r\na\r\n0\r\n\r\n"u8.ToArray()), expectedLength: 1, S3Checksum.Create("x-amz-checksum-crc32"));

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => stream.CopyToAsync(Stream.Null));

        Assert.Contains("x-amz-checksum-crc32", error.Message, StringComparison.Ordinal);
    }
}
