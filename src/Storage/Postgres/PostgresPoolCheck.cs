using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ChatBlock.Storage.Postgres;

/// <summary>
/// At start, compares <see cref="StorageOptions.ExpectedSilos"/> times this silo's <c>Maximum Pool Size</c> with the connections
/// the server accepts and warns when the silos together could ask for more (issue 11, item 4). One query; it never stops the
/// silo from starting.
/// </summary>
internal sealed partial class PostgresPoolCheck(
    NpgsqlDataSource dataSource, IOptions<StorageOptions> options, ILogger<PostgresPoolCheck> logger) : IHostedService
{
    private const string Query =
        "SELECT current_setting('max_connections')::int, current_setting('superuser_reserved_connections')::int";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var poolSize = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).MaxPoolSize;
        var silos = Math.Max(1, options.Value.ExpectedSilos);
        await using var command = dataSource.CreateCommand(Query);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        var available = reader.GetInt32(0) - reader.GetInt32(1);
        if ((long)poolSize * silos > available)
        {
            LogOversubscribed(silos, poolSize, (long)poolSize * silos, available);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "{Silos} silo(s) with Maximum Pool Size={PoolSize} may open {Total} connections but the server accepts {Available} "
        + "(max_connections less superuser_reserved_connections): lower Maximum Pool Size or raise max_connections")]
    private partial void LogOversubscribed(int silos, int poolSize, long total, int available);
}
