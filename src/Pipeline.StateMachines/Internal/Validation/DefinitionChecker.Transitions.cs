using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.StateMachines.Internal.Json;

namespace Pipeline.StateMachines.Internal.Validation;

/// <summary>Transition targets, reachability from StartAt and the presence of a terminal state.</summary>
internal sealed partial class DefinitionChecker
{
    private void CheckTarget(JsonNode? target, JsonObject states, string location)
    {
        if (!JsonText.TryGetString(target, out var name))
        {
            Add(Schema, $"The value for the field '{location[(location.LastIndexOf('/') + 1)..]}' must be a STRING", location);
            return;
        }

        if (!states.ContainsKey(name))
        {
            Add(MissingTarget, $"Missing 'Next' target: {name}", location);
        }
    }

    private void CheckReachability(JsonObject states, string? start, string location)
    {
        var hasTerminal = false;
        foreach (var pair in states)
        {
            if (pair.Value is JsonObject state && IsTerminal(state))
            {
                hasTerminal = true;
            }
        }

        if (!hasTerminal)
        {
            Add(MissingEnd, "Workflow has no terminal state", location);
            return;
        }

        if (start is null || !states.ContainsKey(start))
        {
            return;
        }

        var reached = new HashSet<string>(StringComparer.Ordinal) { start };
        var pending = new Stack<string>();
        pending.Push(start);
        while (pending.Count > 0)
        {
            if (states[pending.Pop()] is not JsonObject state)
            {
                continue;
            }

            foreach (var next in Targets(state))
            {
                if (states.ContainsKey(next) && reached.Add(next))
                {
                    pending.Push(next);
                }
            }
        }

        foreach (var pair in states)
        {
            if (!reached.Contains(pair.Key))
            {
                Add(MissingTarget, $"State \"{pair.Key}\" is not reachable.", $"{location}/States/{pair.Key}");
            }
        }
    }

    private static bool IsTerminal(JsonObject state)
    {
        var type = JsonText.TryGetString(state["Type"], out var t) ? t : null;
        return type is "Succeed" or "Fail" || JsonText.Kind(state["End"]) == JsonValueKind.True;
    }

    private static IEnumerable<string> Targets(JsonObject state)
    {
        if (JsonText.TryGetString(state["Next"], out var next))
        {
            yield return next;
        }

        if (JsonText.TryGetString(state["Default"], out var fallback))
        {
            yield return fallback;
        }

        foreach (var listName in (string[])["Choices", "Catch"])
        {
            if (state[listName] is JsonArray list)
            {
                foreach (var item in list)
                {
                    if (item is JsonObject rule && JsonText.TryGetString(rule["Next"], out var target))
                    {
                        yield return target;
                    }
                }
            }
        }
    }
}
