namespace ChatBlock.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL store and channel tests, run one class at a time; like every PostgreSQL suite they make their databases on the
/// one <see cref="SharedPostgres"/> server of the test run.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection
{
    /// <summary>The collection name for <c>[Collection(PostgresCollection.Name)]</c>.</summary>
    public const string Name = "PostgreSQL";
}
