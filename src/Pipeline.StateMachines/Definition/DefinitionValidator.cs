using Pipeline.StateMachines.Internal.Validation;

namespace Pipeline.StateMachines;

/// <summary>Checks a definition against the Amazon States Language rules that CreateStateMachine enforces.</summary>
public static class DefinitionValidator
{
    /// <summary>
    /// Returns every problem in the definition (empty when it is valid): JSON syntax, required and unknown
    /// fields, field types and combinations per state type, transitions, reachability, paths, intrinsic
    /// functions and Retry/Catch rules. Each diagnostic names the field's location, like <c>/States/Train/Next</c>.
    /// </summary>
    public static IReadOnlyList<DefinitionDiagnostic> Validate(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return DefinitionChecker.Check(json);
    }
}
