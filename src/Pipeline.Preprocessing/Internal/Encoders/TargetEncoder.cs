using System.Globalization;
using Pipeline.Preprocessing.Internal.Values;

namespace Pipeline.Preprocessing.Internal.Encoders;

/// <summary>Writes the label: a number in plain form, or the class id of a categorical target.</summary>
internal sealed class TargetEncoder
{
    private readonly NumberText _numbers;
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>>? _classIds;
    private readonly TargetManifest _target;

    public TargetEncoder(TargetManifest target, NumberText numbers)
    {
        _target = target;
        _numbers = numbers;
        if (target.Type == TargetType.Categorical)
        {
            var ids = new Dictionary<string, string>(StringComparer.Ordinal);
            var classes = target.Classes ?? [];
            for (var i = 0; i < classes.Count; i++)
            {
                ids[classes[i]] = i.ToString(CultureInfo.InvariantCulture);
            }

            _classIds = ids.GetAlternateLookup<ReadOnlySpan<char>>();
        }
    }

    /// <summary>Like <see cref="Encode(ReadOnlySpan{char}, Span{char}, CellLocation)"/>, for a label the first pass already read as <paramref name="kind"/>.</summary>
    public ReadOnlySpan<char> Encode(ReadOnlySpan<char> raw, Profiling.CellKind kind, Span<char> scratch, CellLocation location) =>
        _classIds is null && kind == Profiling.CellKind.Number && _numbers.IsPlain ? raw : Encode(raw, scratch, location);

    /// <summary>Returns the label text; <paramref name="scratch"/> holds it when separators had to be rewritten.</summary>
    public ReadOnlySpan<char> Encode(ReadOnlySpan<char> raw, Span<char> scratch, CellLocation location)
    {
        if (_classIds is { } ids)
        {
            if (ids.TryGetValue(raw, out var id))
            {
                return id;
            }

            throw new PreprocessingException(
                $"{location.File} line {location.Line}: the target '{_target.Name}' has the value '{raw}', which is not one of the classes ({string.Join(", ", _target.Classes ?? [])}).",
                location.File, location.Line, _target.Index + 1, raw.ToString());
        }

        if (_numbers.TryNormalize(raw, scratch, out var normalized))
        {
            return normalized;
        }

        throw new PreprocessingException(
            $"{location.File} line {location.Line}: the target '{_target.Name}' has the value '{raw}', which is not a number. Set targetType to \"categorical\" or fix the value.",
            location.File, location.Line, _target.Index + 1, raw.ToString());
    }
}
