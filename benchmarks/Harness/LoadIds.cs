namespace ChatBlock.Benchmarks;

/// <summary>The ids of the bulk-loaded users (benchmarks/sql/load-scale.sql): user i is 00000000-0000-4000-8000-{i:x12}.</summary>
internal static class LoadIds
{
    public static Guid User(long i) => Guid.Parse($"00000000-0000-4000-8000-{i:x12}");
}
