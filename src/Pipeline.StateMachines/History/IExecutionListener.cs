namespace Pipeline.StateMachines;

/// <summary>Receives each history event of an execution as it is appended, in order.</summary>
public interface IExecutionListener
{
    /// <summary>Called once per event, before the interpreter moves on.</summary>
    ValueTask OnHistoryEventAsync(string executionArn, HistoryEvent historyEvent, CancellationToken cancellationToken);
}
