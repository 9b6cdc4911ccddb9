namespace ChatBlock.Tests.Telemetry;

/// <summary>Metrics tests run alone (after the parallel tests), so the process-wide meter counts only their own calls.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Metrics";
}
