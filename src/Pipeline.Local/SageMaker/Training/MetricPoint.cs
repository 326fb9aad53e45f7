namespace Pipeline.Local.SageMaker.Training;

/// <summary>One value of a training metric: the 0-based round, when it was evaluated, and the value.</summary>
public sealed record MetricPoint(int Round, DateTimeOffset Timestamp, double Value);
