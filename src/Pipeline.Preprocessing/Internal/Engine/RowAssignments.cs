namespace Pipeline.Preprocessing.Internal.Engine;

/// <summary>Where each data row goes, one byte per row in chunks (no single huge array), decided in the first pass.</summary>
internal sealed class RowAssignments
{
    public const byte Dropped = 0;
    public const byte Train = 1;
    public const byte Validation = 2;
    public const byte Test = 3;

    private const int ChunkSize = 1 << 20;
    private readonly List<byte[]> _chunks = [];

    public long Count { get; private set; }

    public void Add(byte assignment)
    {
        var offset = (int)(Count % ChunkSize);
        if (offset == 0)
        {
            _chunks.Add(new byte[ChunkSize]);
        }

        _chunks[^1][offset] = assignment;
        Count++;
    }

    public byte this[long row] => _chunks[(int)(row / ChunkSize)][(int)(row % ChunkSize)];
}
