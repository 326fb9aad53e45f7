namespace Pipeline.StateMachines;

/// <summary>Raised by <see cref="StateMachineDefinition.Parse"/> when a definition breaks the Amazon States Language rules.</summary>
public sealed class InvalidDefinitionException : Exception
{
    public InvalidDefinitionException(IReadOnlyList<DefinitionDiagnostic> diagnostics)
        : base(FormatMessage(diagnostics))
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        Diagnostics = diagnostics;
    }

    public InvalidDefinitionException()
        : this([])
    {
    }

    public InvalidDefinitionException(string message)
        : base(message)
    {
        Diagnostics = [];
    }

    public InvalidDefinitionException(string message, Exception innerException)
        : base(message, innerException)
    {
        Diagnostics = [];
    }

    /// <summary>Every problem found, in document order.</summary>
    public IReadOnlyList<DefinitionDiagnostic> Diagnostics { get; }

    private static string FormatMessage(IReadOnlyList<DefinitionDiagnostic>? diagnostics)
    {
        if (diagnostics is null || diagnostics.Count == 0)
        {
            return "Invalid State Machine Definition.";
        }

        return "Invalid State Machine Definition: '" + string.Join(", ", diagnostics) + "'";
    }
}
