namespace ChatBlock.Tests.Infrastructure;

/// <summary>One gateway on SQLite (the default provider), shared by every API test class of the SQLite collection.</summary>
public sealed class SqliteChatApp() : ChatApp("Sqlite");

/// <summary>Shares one <see cref="SqliteChatApp"/>; tests use fresh users, so they never see each other's state.</summary>
[CollectionDefinition(Name)]
public sealed class SqliteCollection : ICollectionFixture<SqliteChatApp>
{
    public const string Name = "sqlite";
}
