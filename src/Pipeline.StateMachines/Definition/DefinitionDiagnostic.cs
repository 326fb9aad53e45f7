namespace Pipeline.StateMachines;

/// <summary>
/// One problem found in a state machine definition, in the shape of the messages that
/// CreateStateMachine returns (for example <c>SCHEMA_VALIDATION_FAILED</c> at <c>/States/Train/Next</c>).
/// </summary>
/// <param name="Code">The AWS error code, such as <c>SCHEMA_VALIDATION_FAILED</c> or <c>MISSING_TRANSITION_TARGET</c>.</param>
/// <param name="Message">A sentence describing the problem and the expected value.</param>
/// <param name="Location">A JSON pointer to the offending field, such as <c>/States/Train/Next</c>.</param>
public sealed record DefinitionDiagnostic(string Code, string Message, string Location)
{
    /// <summary>Formats the diagnostic as AWS does: <c>CODE: message at /location</c>.</summary>
    public override string ToString() => $"{Code}: {Message} at {Location}";
}
