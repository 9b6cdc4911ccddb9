namespace ChatBlock.Tests.Infrastructure;

/// <summary>
/// One throwaway <see cref="PostgresServer"/> for every provider-parameterised suite of the test run, started on first use and
/// stopped when the test process exits. Each user makes its own database.
/// </summary>
public static class SharedPostgres
{
    private static readonly Lazy<Task<PostgresServer>> Server = new(StartAsync);

    /// <summary>A new empty database on the shared server; returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync() => await (await Server.Value).CreateDatabaseAsync();

    private static async Task<PostgresServer> StartAsync()
    {
        var server = new PostgresServer();
        await server.StartAsync();
        return server;
    }
}
