using System.Text;
using Pipeline.Preprocessing;

namespace Pipeline.Local.SageMaker.Hosting.RawRows;

/// <summary>
/// A model whose endpoint accepts raw rows: it encodes each request with the training run's manifest and passes the
/// feature rows, as text/csv, to the model that serves encoded rows.
/// </summary>
internal sealed class RawRowModel : IEndpointModel
{
    private readonly IEndpointModel _inner;
    private readonly RawRowRequestEncoder _encoder;

    public RawRowModel(IEndpointModel inner, RawRowRequestEncoder encoder)
    {
        _inner = inner;
        _encoder = encoder;
    }

    public async Task<EndpointResponse> InvokeAsync(string contentType, string? accept, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var mediaType = contentType.Split(';')[0].Trim();
        if (!mediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase))
        {
            throw new ModelErrorException(
                $"Content-type {contentType} is not supported: this endpoint accepts raw rows as text/csv, in the column order {Columns}. Send the rows with Content-Type text/csv.",
                415);
        }

        IReadOnlyList<double[]> rows;
        try
        {
            rows = _encoder.Encode(Encoding.UTF8.GetString(body.Span));
        }
        catch (PreprocessingException exception)
        {
            throw new ModelErrorException(exception.Message, exception);
        }

        if (rows.Count == 0)
        {
            throw new ModelErrorException($"The request body is empty: send one or more raw rows as text/csv, in the column order {Columns}, without the header.");
        }

        var features = Encoding.UTF8.GetBytes(RawRowRequestEncoder.ToFeatureCsv(rows));
        return await _inner.InvokeAsync("text/csv", accept, features, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _inner.Dispose();

    private string Columns => string.Join(", ", _encoder.InputColumns);
}
