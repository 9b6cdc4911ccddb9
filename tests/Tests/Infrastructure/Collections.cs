namespace ChatBlock.Tests.Infrastructure;

/// <summary>One gateway on SQLite (the default provider), shared by every API test class of the SQLite collection.</summary>
public sealed class SqliteChatApp() : ChatApp("Sqlite");

/// <summary>Shares one <see cref="SqliteChatApp"/>; tests use fresh users, so they never see each other's state.</summary>
[CollectionDefinition(Name)]
public sealed class SqliteCollection : ICollectionFixture<SqliteChatApp>
{
    public const string Name = "sqlite";
}

/// <summary>One gateway on its own database of the shared throwaway PostgreSQL.</summary>
public sealed class PostgresChatApp() : ChatApp("Postgres"), IAsyncLifetime
{
    public async Task InitializeAsync() => Configure("ConnectionStrings:Postgres", await SharedPostgres.CreateDatabaseAsync());

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}

/// <summary>Shares one <see cref="PostgresChatApp"/>: the same API suites as <see cref="SqliteCollection"/>, on PostgreSQL.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresApiCollection : ICollectionFixture<PostgresChatApp>
{
    public const string Name = "postgres-api";
}
