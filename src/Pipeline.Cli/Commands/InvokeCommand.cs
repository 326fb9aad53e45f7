using System.CommandLine;
using System.Net.Http.Headers;
using System.Text;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline invoke ENDPOINT</c>: sends rows to an endpoint, as SageMaker Runtime's InvokeEndpoint does.</summary>
internal static class InvokeCommand
{
    public static Command Create()
    {
        var runtime = new RuntimeOptions();
        var endpoint = new Argument<string>("endpoint") { Description = "The endpoint name." };
        var contentType = new Option<string>("--content-type") { Description = "The body's MIME type: text/csv, text/libsvm or application/json.", DefaultValueFactory = _ => "text/csv" };
        var accept = new Option<string?>("--accept") { Description = "The response MIME type: text/csv or application/json." };
        var body = new Option<string?>("--body") { Description = "The request body, for example rows of features without the label." };
        var bodyFile = new Option<FileInfo?>("--body-file") { Description = "Read the request body from this file." };
        var variant = new Option<string?>("--target-variant") { Description = "Send the request to this production variant." };
        var endpointUrl = new Option<string?>("--endpoint-url") { Description = "The base URL of a running 'pipeline up' (default: start the local runtime in this process)." };
        var command = new Command("invoke", "Send a request to a local endpoint and print its predictions.");
        command.Arguments.Add(endpoint);
        command.Options.Add(contentType);
        command.Options.Add(accept);
        command.Options.Add(body);
        command.Options.Add(bodyFile);
        command.Options.Add(variant);
        command.Options.Add(endpointUrl);
        runtime.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var text = parseResult.GetValue(body);
            var file = parseResult.GetValue(bodyFile);
            if ((text is null) == (file is null))
            {
                throw new UserErrorException("Pass the request with exactly one of --body TEXT or --body-file FILE.");
            }

            var payload = text is not null ? Encoding.UTF8.GetBytes(text.Replace("\\n", "\n", StringComparison.Ordinal)) : await File.ReadAllBytesAsync(file!.FullName, cancellationToken).ConfigureAwait(false);
            var baseUrl = parseResult.GetValue(endpointUrl);
            await using var local = baseUrl is null ? await runtime.StartAsync(parseResult, 0, cancellationToken).ConfigureAwait(false) : null;
            if (local is not null)
            {
                // Endpoints restored at start-up load their models in the background; wait until they serve.
                try
                {
                    await local.Hosting.WaitForEndpointAsync(parseResult.GetValue(endpoint)!, cancellationToken).ConfigureAwait(false);
                }
                catch (Pipeline.Local.Services.AwsServiceException ex)
                {
                    throw new UserErrorException($"{ex.Message} List the endpoints with 'aws --endpoint-url URL sagemaker list-endpoints' against 'pipeline up', or deploy one with 'pipeline run'.", ex);
                }
            }

            var address = new Uri(new Uri(baseUrl ?? local!.Endpoint.ToString()), $"endpoints/{Uri.EscapeDataString(parseResult.GetValue(endpoint)!)}/invocations");
            using var client = new HttpClient();
            using var request = new HttpRequestMessage(HttpMethod.Post, address) { Content = new ByteArrayContent(payload) };
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(parseResult.GetValue(contentType)!);
            if (parseResult.GetValue(accept) is { } acceptType)
            {
                request.Headers.Accept.ParseAdd(acceptType);
            }

            if (parseResult.GetValue(variant) is { } target)
            {
                request.Headers.Add("X-Amzn-SageMaker-Target-Variant", target);
            }

            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException ex)
            {
                throw new UserErrorException($"Could not reach {address}: {ex.Message}. Check that 'pipeline up' is running there, or leave out --endpoint-url.", ex);
            }

            using var disposeResponse = response;
            var answer = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new UserErrorException($"The endpoint returned {(int)response.StatusCode}: {answer}");
            }

            if (response.Headers.TryGetValues("x-Amzn-Invoked-Production-Variant", out var variants))
            {
                Console.Error.WriteLine($"variant {string.Join(",", variants)}");
            }

            Console.WriteLine(answer.TrimEnd());
            return 0;
        });
        return command;
    }
}
