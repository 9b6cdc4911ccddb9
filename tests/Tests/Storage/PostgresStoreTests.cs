using ChatBlock.Storage.Clustering;
using ChatBlock.Storage.Postgres;
using ChatBlock.Tests.Infrastructure;
using Npgsql;

namespace ChatBlock.Tests.Storage;

/// <summary>Base of the PostgreSQL store tests: each test gets a fresh, migrated database and a store on it.</summary>
public abstract class PostgresStoreTests(PostgresServer server) : IAsyncLifetime
{
    protected PostgresServer Server => server;

    protected NpgsqlDataSource DataSource { get; private set; } = null!;

    protected PostgresChatStore Store { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        DataSource = NpgsqlDataSource.Create(await server.CreateDatabaseAsync());
        Store = new PostgresChatStore(DataSource, new PostgresClusterChannel(DataSource, "silo-test"));
        await Store.InitializeAsync();
    }

    public async Task DisposeAsync() => await DataSource.DisposeAsync();
}
