namespace Pipeline.Preprocessing.Internal.Engine;

/// <summary>Maps the specification's column references to input positions, with errors that list the columns found.</summary>
internal sealed class ColumnResolver
{
    private readonly IReadOnlyList<string> _names;
    private readonly string _file;

    public ColumnResolver(IReadOnlyList<string> names, string file)
    {
        _names = names;
        _file = file;
    }

    public int Resolve(ColumnReference column, string field)
    {
        if (column.Name is { } name)
        {
            for (var i = 0; i < _names.Count; i++)
            {
                if (string.Equals(_names[i], name, StringComparison.Ordinal))
                {
                    return i;
                }
            }

            var similar = _names.FirstOrDefault(candidate => string.Equals(candidate, name, StringComparison.OrdinalIgnoreCase));
            var hint = similar is null ? "" : $" Did you mean '{similar}' (names are case-sensitive)?";
            throw new PreprocessingException(
                $"The {field} column '{name}' is not in the header of {_file}.{hint} Columns found: {string.Join(", ", _names)}.",
                _file, 1, null, name);
        }

        var index = column.Index!.Value;
        if (index >= _names.Count)
        {
            throw new PreprocessingException(
                $"The {field} column index {index} is out of range: {_file} has {_names.Count} columns (indexes 0 to {_names.Count - 1}).",
                _file, 1, null, index.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return index;
    }

    /// <summary>Finds the override for a column, keyed by its name or by its 0-based index as text.</summary>
    public static ColumnSpec? FindOverride(PreprocessingSpec spec, string name, int index) =>
        spec.Columns.TryGetValue(name, out var byName) ? byName
        : spec.Columns.TryGetValue(index.ToString(System.Globalization.CultureInfo.InvariantCulture), out var byIndex) ? byIndex
        : null;

    public void CheckOverrides(PreprocessingSpec spec)
    {
        foreach (var key in spec.Columns.Keys)
        {
            var known = _names.Contains(key, StringComparer.Ordinal)
                || (int.TryParse(key, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index) && index < _names.Count);
            if (!known)
            {
                throw new PreprocessingException(
                    $"columns.{key} refers to a column that is not in {_file}. Columns found: {string.Join(", ", _names)}.", _file, 1, null, key);
            }
        }
    }
}
