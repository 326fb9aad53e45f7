using System.CommandLine;
using Pipeline.Local.Storage;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline s3 cp|ls|rm</c>: the local buckets, with S3 event notifications as on AWS.</summary>
internal static class S3Command
{
    public static Command Create()
    {
        var command = new Command("s3", "Copy files into, list and remove objects of the local buckets.");
        command.Subcommands.Add(Copy());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Remove());
        return command;
    }

    private static Command Copy()
    {
        var runtime = new RuntimeOptions();
        var source = new Argument<FileInfo>("file") { Description = "The local file to upload." };
        var destination = new Argument<string>("destination") { Description = "s3://BUCKET/KEY; a key ending in / takes the file's name." };
        var command = new Command("cp", "Upload a file into a local bucket. Subscribed functions receive the ObjectCreated event, so this can start the pipeline.");
        command.Arguments.Add(source);
        command.Arguments.Add(destination);
        runtime.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var file = parseResult.GetValue(source)!;
            if (!file.Exists)
            {
                throw new UserErrorException($"The file '{file.FullName}' does not exist.");
            }

            var target = ParseUri(parseResult.GetValue(destination)!);
            var key = target.Key.Length == 0 || target.Key.EndsWith('/') ? target.Key + file.Name : target.Key;
            await using var local = await runtime.StartAsync(parseResult, 0, cancellationToken).ConfigureAwait(false);
            ObjectInfo info;
            await using (var content = file.OpenRead())
            {
                info = await Guard(() => local.Objects.PutObjectAsync(target.Bucket, key, content, cancellationToken)).ConfigureAwait(false);
            }

            Console.WriteLine($"upload: {file.FullName} to s3://{info.Bucket}/{info.Key} ({info.Size} bytes, ETag {info.ETag})");
            foreach (var delivery in await local.Events.WaitForDeliveriesAsync(info, cancellationToken).ConfigureAwait(false))
            {
                var outcome = delivery.Result.FunctionError is null
                    ? delivery.Result.Payload
                    : $"failed after {delivery.Attempts} attempts: {System.Text.Json.Nodes.JsonNode.Parse(delivery.Result.Payload)?["errorMessage"] ?? delivery.Result.Payload}";
                Console.WriteLine($"event:  {delivery.EventName} -> {delivery.FunctionName}: {outcome}");
            }

            return 0;
        });
        return command;
    }

    private static Command List()
    {
        var runtime = new RuntimeOptions();
        var location = new Argument<string?>("location") { Description = "s3://BUCKET/PREFIX; without it, the buckets are listed.", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("ls", "List the local buckets, or the objects under a prefix.");
        command.Arguments.Add(location);
        runtime.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var local = await runtime.StartAsync(parseResult, 0, cancellationToken).ConfigureAwait(false);
            if (parseResult.GetValue(location) is not { } uri)
            {
                foreach (var bucket in local.Objects.ListBuckets())
                {
                    Console.WriteLine(bucket);
                }

                return 0;
            }

            var target = ParseUri(uri);
            await Guard(async () =>
            {
                await foreach (var info in local.Objects.ListObjectsAsync(target.Bucket, target.Key, cancellationToken).ConfigureAwait(false))
                {
                    Console.WriteLine($"{info.LastModified.UtcDateTime:yyyy-MM-dd HH:mm:ss} {info.Size,12} {info.Key}");
                }

                return 0;
            }).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static Command Remove()
    {
        var runtime = new RuntimeOptions();
        var location = new Argument<string>("location") { Description = "s3://BUCKET/KEY of the object to delete." };
        var command = new Command("rm", "Delete an object from a local bucket.");
        command.Arguments.Add(location);
        runtime.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var target = ParseUri(parseResult.GetValue(location)!);
            await using var local = await runtime.StartAsync(parseResult, 0, cancellationToken).ConfigureAwait(false);
            var deleted = await Guard(() => local.Objects.DeleteObjectAsync(target.Bucket, target.Key, cancellationToken)).ConfigureAwait(false);
            Console.WriteLine(deleted ? $"delete: s3://{target.Bucket}/{target.Key}" : $"not found: s3://{target.Bucket}/{target.Key}");
            return deleted ? 0 : CliErrors.UserError;
        });
        return command;
    }

    private static S3Uri ParseUri(string text) =>
        S3Uri.TryParse(text, out var uri) ? uri : throw new UserErrorException($"'{text}' is not an S3 URI. Use the form s3://BUCKET/KEY.");

    /// <summary>Turns the object store's errors for bad names and missing buckets into user errors.</summary>
    private static async Task<T> Guard<T>(Func<Task<T>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidObjectKeyException or InvalidBucketNameException or BucketNotFoundException)
        {
            throw new UserErrorException(ex.Message, ex);
        }
    }
}
