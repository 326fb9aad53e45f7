using Pipeline.Learning.Inference;
using Pipeline.Local.SageMaker.Hosting;

namespace Pipeline.Local.SageMaker;

/// <summary>
/// Loads endpoint models with the XGBoost inference library, the way SageMaker's XGBoost container serves
/// a <c>model.tar.gz</c> that contains an <c>xgboost-model</c> file.
/// </summary>
internal sealed class XGBoostEndpointModelLoader : IEndpointModelLoader
{
    public Task<IEndpointModel> LoadAsync(string modelDirectory, string image, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        IEndpointModel model = new Adapter(InferenceModelLoader.Load(modelDirectory));
        return Task.FromResult(model);
    }

    private sealed class Adapter : IEndpointModel
    {
        private readonly IInferenceModel _model;

        public Adapter(IInferenceModel model)
        {
            _model = model;
        }

        public Task<EndpointResponse> InvokeAsync(string contentType, string? accept, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
        {
            if (body.IsEmpty || body.Span.IndexOfAnyExcept((byte)' ', (byte)'\n', (byte)'\r') < 0)
            {
                throw new ModelErrorException("The request body is empty: send one or more rows of features, without the label.");
            }

            try
            {
                var response = _model.Invoke(contentType, accept, body);
                return Task.FromResult(new EndpointResponse(response.ContentType, response.Body));
            }
            catch (InferenceException ex)
            {
                throw new ModelErrorException(ex.Message, ex);
            }
        }

        public void Dispose() => _model.Dispose();
    }
}
