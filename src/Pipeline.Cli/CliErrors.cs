using System.CommandLine;

namespace Pipeline.Cli;

/// <summary>
/// A problem with the user's input: the CLI prints its message on one line and exits with code 1.
/// Any other exception is a bug and is printed with its stack trace (exit code 70).
/// </summary>
internal sealed class UserErrorException : Exception
{
    public UserErrorException(string message)
        : base(message)
    {
    }

    public UserErrorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public UserErrorException()
    {
    }
}

/// <summary>Exit codes and the mapping of exceptions to them.</summary>
internal static class CliErrors
{
    public const int UserError = 1;
    public const int Canceled = 130;
    public const int InternalError = 70;

    public static async Task<int> InvokeAsync(RootCommand root, string[] args)
    {
        try
        {
            // The CLI maps exceptions to exit codes itself, so System.CommandLine's handler is off.
            var configuration = new InvocationConfiguration { EnableDefaultExceptionHandler = false };
            return await root.Parse(args).InvokeAsync(configuration).ConfigureAwait(false);
        }
        catch (UserErrorException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return UserError;
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("canceled").ConfigureAwait(false);
            return Canceled;
        }
        catch (Exception ex)
        {
            await Console.Error.WriteLineAsync($"internal error (please report it): {ex}").ConfigureAwait(false);
            return InternalError;
        }
    }
}
