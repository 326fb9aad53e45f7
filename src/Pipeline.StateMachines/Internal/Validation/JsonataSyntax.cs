namespace Pipeline.StateMachines.Internal.Validation;

/// <summary>Checks JSONata expression syntax at definition time with the reference parser.</summary>
internal static class JsonataSyntax
{
    /// <summary>Returns the syntax error of an expression, or null when it parses.</summary>
    public static string? Check(string expression)
        => string.IsNullOrWhiteSpace(expression) ? "the expression is empty" : Jsonata.JsonataEngine.Check(expression);
}
