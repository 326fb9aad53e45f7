using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json.Nodes;
using Jint;
using Jint.Native;
using Pipeline.StateMachines.Internal.Json;

namespace Pipeline.StateMachines.Internal.Jsonata;

/// <summary>
/// Evaluates JSONata expressions with the reference implementation (npm jsonata 2.2.2, embedded) running in
/// Jint, plus the functions Step Functions adds: $partition, $range, $hash, $random, $uuid and $parse.
/// Engines are pooled: each evaluation rents one, so concurrent executions never share an engine.
/// </summary>
internal static class JsonataEngine
{
    private static readonly Lazy<Prepared<Acornima.Ast.Script>> Library = new(() => Prepare("jsonata.min.js"));
    private static readonly Lazy<Prepared<Acornima.Ast.Script>> Bridge = new(() => Prepare("sfn-bridge.js"));
    private static readonly ConcurrentBag<Engine> Pool = [];

    /// <summary>The outcome of one evaluation: a value, undefined (no value), or an error message.</summary>
    public readonly record struct Result(JsonNode? Value, bool IsUndefined, string? Error);

    /// <summary>Evaluates <paramref name="expression"/> (without the <c>{% %}</c> delimiters) with the given variable bindings.</summary>
    public static Result Evaluate(string expression, JsonObject bindings)
    {
        var engine = Rent();
        try
        {
            var function = engine.GetValue("__sfnEvaluate");
            var output = engine.Invoke(function, expression, JsonText.Serialize(bindings)).UnwrapIfPromise();
            var envelope = (JsonObject)JsonText.Parse(output.AsString())!;
            if (envelope.TryGetPropertyValue("e", out var error))
            {
                return new Result(null, false, error?.GetValue<string>() ?? "unknown error");
            }

            return envelope.ContainsKey("u") ? new Result(null, true, null) : new Result(envelope["v"]?.DeepClone(), false, null);
        }
        catch (Jint.Runtime.JavaScriptException ex)
        {
            return new Result(null, false, ex.Message);
        }
        finally
        {
            Pool.Add(engine);
        }
    }

    /// <summary>Returns the syntax error of an expression, or null when it compiles.</summary>
    public static string? Check(string expression)
    {
        var engine = Rent();
        try
        {
            var result = engine.Invoke(engine.GetValue("__sfnCheck"), expression);
            return result.IsNull() ? null : result.AsString();
        }
        finally
        {
            Pool.Add(engine);
        }
    }

    private static Engine Rent()
    {
        if (Pool.TryTake(out var engine))
        {
            return engine;
        }

        engine = new Engine(options => options.TimeoutInterval(TimeSpan.FromSeconds(30)));
        engine.SetValue("__sfnHash", new Func<string, string, string>(SfnFunctions.Hash));
        engine.SetValue("__sfnRandom", new Func<double>(SfnFunctions.Random));
        engine.SetValue("__sfnRandomSeeded", new Func<double, double>(SfnFunctions.RandomSeeded));
        engine.SetValue("__sfnUuid", new Func<string>(SfnFunctions.Uuid));
        engine.Execute(Library.Value);
        engine.Execute(Bridge.Value);
        return engine;
    }

    private static Prepared<Acornima.Ast.Script> Prepare(string resource)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The embedded resource '{resource}' is missing from Pipeline.StateMachines.");
        using var reader = new StreamReader(stream);
        return Engine.PrepareScript(reader.ReadToEnd(), resource);
    }
}
