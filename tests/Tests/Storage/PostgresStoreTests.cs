using ChatBlock.Storage.Clustering;
using ChatBlock.Storage.Postgres;
using ChatBlock.Tests.Infrastructure;
using Npgsql;

namespace ChatBlock.Tests.Storage;

/// <summary>Base of the PostgreSQL store tests: each test gets a fresh, migrated database of the shared server and a store on it.</summary>
public abstract class PostgresStoreTests : IAsyncLifetime
{
    protected NpgsqlDataSource DataSource { get; private set; } = null!;

    protected PostgresChatStore Store { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        DataSource = NpgsqlDataSource.Create(await SharedPostgres.CreateDatabaseAsync());
        Store = NewStore(DataSource, "silo-test");
        await Store.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        // The store first: it runs what is still queued on the data source.
        await Store.DisposeAsync();
        await DataSource.DisposeAsync();
    }

    /// <summary>A store on <paramref name="dataSource"/> as silo <paramref name="siloId"/> would open it (not yet initialised).</summary>
    protected static PostgresChatStore NewStore(NpgsqlDataSource dataSource, string siloId) =>
        new(dataSource, new PostgresClusterChannel(dataSource, siloId));
}
