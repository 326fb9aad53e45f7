using System.Reflection;
using Microsoft.Extensions.Logging;

namespace Pipeline.Local.Lambda;

/// <summary>
/// Resolves a .NET Lambda handler string, <c>ASSEMBLY::NAMESPACE.TYPE::METHOD</c>, to a method the local
/// runtime can call in-process. The handler method takes a <see cref="Stream"/> and returns a
/// <see cref="Stream"/> or a <see cref="Task{Stream}"/>, as the managed runtime accepts without a serializer.
/// </summary>
internal static class LambdaHandlerResolver
{
    /// <param name="timeProvider">The runtime's clock, passed to a handler that has a constructor taking it as well.</param>
    public static Func<IReadOnlyDictionary<string, string?>, Func<Stream, Task<Stream>>> Resolve(string handler, ILoggerFactory loggerFactory, TimeProvider? timeProvider = null)
    {
        var parts = handler.Split("::");
        if (parts.Length != 3 || parts.Any(string.IsNullOrWhiteSpace))
        {
            throw new LambdaHandlerException($"The handler '{handler}' is invalid. Use ASSEMBLY::NAMESPACE.TYPE::METHOD, for example Pipeline.Functions::Pipeline.Functions.DataArrived.Function::HandleAsync.");
        }

        var (assemblyName, typeName, methodName) = (parts[0], parts[1], parts[2]);
        Assembly assembly;
        try
        {
            assembly = Assembly.Load(assemblyName);
        }
        catch (Exception ex) when (ex is FileNotFoundException or FileLoadException or BadImageFormatException)
        {
            throw new LambdaHandlerException($"The assembly '{assemblyName}' of handler '{handler}' could not be loaded: {ex.Message}", ex);
        }

        var type = assembly.GetType(typeName)
            ?? throw new LambdaHandlerException($"The type '{typeName}' of handler '{handler}' was not found in assembly '{assemblyName}'.");
        var method = type.GetMethod(methodName, BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static, [typeof(Stream)])
            ?? throw new LambdaHandlerException($"The type '{typeName}' has no public method '{methodName}(Stream)'. Handlers take the event as a Stream.");
        if (method.ReturnType != typeof(Stream) && method.ReturnType != typeof(Task<Stream>))
        {
            throw new LambdaHandlerException($"The handler method '{typeName}.{methodName}' must return Stream or Task<Stream>.");
        }

        // The local runtime prefers a constructor that also takes its logger factory, so handler logs join the runtime's,
        // and then one that also takes its clock, so a test's fake clock reaches the handler too.
        var clockConstructor = type.GetConstructor([typeof(IReadOnlyDictionary<string, string?>), typeof(ILoggerFactory), typeof(TimeProvider)]);
        var loggingConstructor = type.GetConstructor([typeof(IReadOnlyDictionary<string, string?>), typeof(ILoggerFactory)]);
        var environmentConstructor = type.GetConstructor([typeof(IReadOnlyDictionary<string, string?>)]);
        var defaultConstructor = type.GetConstructor(Type.EmptyTypes);
        if (!method.IsStatic && clockConstructor is null && loggingConstructor is null && environmentConstructor is null && defaultConstructor is null)
        {
            throw new LambdaHandlerException($"The type '{typeName}' needs a public parameterless constructor, as the Lambda runtime requires.");
        }

        return environment =>
        {
            // Like the Lambda runtime, one instance serves every invocation of a function instance.
            object? instance = method.IsStatic ? null
                : clockConstructor is not null ? clockConstructor.Invoke([environment, loggerFactory, timeProvider ?? TimeProvider.System])
                : loggingConstructor is not null ? loggingConstructor.Invoke([environment, loggerFactory])
                : environmentConstructor is not null ? environmentConstructor.Invoke([environment])
                : defaultConstructor!.Invoke(null);
            return async input =>
            {
                try
                {
                    var result = method.Invoke(instance, [input]);
                    return result switch
                    {
                        Task<Stream> task => await task.ConfigureAwait(false),
                        Stream stream => stream,
                        _ => new MemoryStream(),
                    };
                }
                catch (TargetInvocationException ex) when (ex.InnerException is not null)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
                    throw;
                }
            };
        };
    }
}

public sealed class LambdaHandlerException : Exception
{
    public LambdaHandlerException(string message)
        : base(message)
    {
    }

    public LambdaHandlerException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public LambdaHandlerException()
    {
    }
}
