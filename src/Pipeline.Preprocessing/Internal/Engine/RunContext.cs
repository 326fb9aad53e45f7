using Pipeline.Preprocessing.Internal.Values;

namespace Pipeline.Preprocessing.Internal.Engine;

/// <summary>The resolved facts of one run that both passes share.</summary>
internal sealed class RunContext
{
    public required PreprocessingSpec Spec { get; init; }

    /// <summary>The input path as shown in messages.</summary>
    public required string File { get; init; }

    public required IReadOnlyList<string> ColumnNames { get; init; }

    public required int TargetIndex { get; init; }

    /// <summary>Feature column positions in output order.</summary>
    public required IReadOnlyList<int> FeatureIndexes { get; init; }

    public required NumberText Numbers { get; init; }

    public required MissingValues Missing { get; init; }

    public required RowFilterEvaluator Filters { get; init; }
}
