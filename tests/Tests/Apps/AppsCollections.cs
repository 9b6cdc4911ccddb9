using ChatBlock.Tests.Infrastructure;

namespace ChatBlock.Tests.Apps;

/// <summary>One gateway on SQLite with <see cref="TestApps"/> configured, shared by the apps suites of the SQLite collection.</summary>
public sealed class SqliteAppsChatApp() : ChatApp("Sqlite", TestApps.Settings());

/// <summary>Shares one <see cref="SqliteAppsChatApp"/>; tests use fresh users.</summary>
[CollectionDefinition(Name)]
public sealed class SqliteAppsCollection : ICollectionFixture<SqliteAppsChatApp>
{
    public const string Name = "sqlite-apps";
}

/// <summary>One gateway on its own PostgreSQL database with <see cref="TestApps"/> configured.</summary>
public sealed class PostgresAppsChatApp() : ChatApp("Postgres", TestApps.Settings()), IAsyncLifetime
{
    public async Task InitializeAsync() => Configure("ConnectionStrings:Postgres", await SharedPostgres.CreateDatabaseAsync());

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}

/// <summary>Shares one <see cref="PostgresAppsChatApp"/>: the apps suites on PostgreSQL.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresAppsCollection : ICollectionFixture<PostgresAppsChatApp>
{
    public const string Name = "postgres-apps";
}
