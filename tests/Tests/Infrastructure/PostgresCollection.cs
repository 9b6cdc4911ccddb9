namespace ChatBlock.Tests.Infrastructure;

/// <summary>The tests that share one <see cref="PostgresServer"/> for the whole run; each makes its own database.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    /// <summary>The collection name for <c>[Collection(PostgresCollection.Name)]</c>.</summary>
    public const string Name = "PostgreSQL";
}
