namespace Pipeline.StateMachines.Internal.Model;

/// <summary>A set of states with a start state: the top level, a Parallel branch or a Map item processor.</summary>
internal sealed class StateGraph(string startAt, IReadOnlyDictionary<string, StateNode> states, QueryLanguage queryLanguage)
{
    public string StartAt { get; } = startAt;

    public IReadOnlyDictionary<string, StateNode> States { get; } = states;

    public QueryLanguage QueryLanguage { get; } = queryLanguage;

    /// <summary>Finds the graph (this one or a nested one) that contains the named state.</summary>
    public StateGraph? FindGraphOf(string stateName)
    {
        if (States.ContainsKey(stateName))
        {
            return this;
        }

        foreach (var state in States.Values)
        {
            foreach (var child in state.ChildGraphs)
            {
                if (child.FindGraphOf(stateName) is { } found)
                {
                    return found;
                }
            }
        }

        return null;
    }
}

/// <summary>The language of paths and expressions in a state.</summary>
internal enum QueryLanguage
{
    JsonPath,
    Jsonata,
}
