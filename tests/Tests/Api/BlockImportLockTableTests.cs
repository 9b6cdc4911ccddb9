using System.Net;
using System.Text;
using ChatBlock.Tests.Infrastructure;
using Npgsql;

namespace ChatBlock.Tests.Api;

/// <summary>
/// A block list import of 10,000 rows, and unblock-all of as many blocks, on a PostgreSQL server whose shared lock table is far
/// smaller than 10,000 locks (<c>max_locks_per_transaction = 10</c>): neither may take one advisory lock per pair, or it fails
/// with "out of shared memory" (SPEC section 10, issue 13).
/// </summary>
public sealed class BlockImportLockTableTests : IAsyncLifetime
{
    private const int Rows = 10_000;
    private readonly PostgresServer _server = new();

    public async Task InitializeAsync()
    {
        await _server.StartAsync();
        await using (var connection = new NpgsqlConnection(_server.ConnectionString))
        {
            await connection.OpenAsync();
            await using var alter = new NpgsqlCommand("ALTER SYSTEM SET max_locks_per_transaction = 10", connection);
            await alter.ExecuteNonQueryAsync();
        }

        await _server.StopServerAsync();
        await _server.StartServerAsync();
        // Pooled connections from before the restart are dead.
        NpgsqlConnection.ClearAllPools();
    }

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task TenThousandRowsAreImportedAndUnblockedWithoutALockPerPair()
    {
        var database = await _server.CreateDatabaseAsync();
        // The server really cannot hold 10,000 locks in one transaction.
        await using (var dataSource = NpgsqlDataSource.Create(database))
        {
            var tooMany = await Assert.ThrowsAsync<PostgresException>(async () =>
                await dataSource.CreateCommand($"SELECT count(pg_advisory_xact_lock(k)) FROM generate_series(1, {Rows}) AS k")
                    .ExecuteScalarAsync());
            Assert.Equal(PostgresErrorCodes.OutOfMemory, tooMany.SqlState);
        }

        using var app = new ChatApp("Postgres", new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = database });
        var (a, b) = (await app.RegisterAsync(), await app.RegisterAsync());
        var conversation = (await a.OpenDirectAsync(b.Id)).Id;
        var ids = Enumerable.Range(0, Rows - 1).Select(_ => Guid.NewGuid()).Append(b.Id).ToList();
        await using (var dataSource = NpgsqlDataSource.Create(database))
        await using (var insert = dataSource.CreateCommand("""
            INSERT INTO users (id, username, display_name, password_hash, created_at)
            SELECT u, 'bulk' || replace(u::text, '-', ''), 'Bulk', 'x', now() FROM unnest($1::uuid[]) AS u
            """))
        {
            insert.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. ids.SkipLast(1)] });
            await insert.ExecuteNonQueryAsync();
        }

        var csv = new StringBuilder("userId\r\n");
        ids.ForEach(id => csv.Append(id).Append("\r\n"));
        Assert.Equal(Rows, (await a.ImportOkAsync(csv.ToString(), "text/csv")).Added.Count);
        await HttpAssert.ProblemAsync(await b.SendAsync(conversation), HttpStatusCode.Forbidden, "message.blocked_by_recipient");
        Assert.Equal(Rows, (await a.ImportOkAsync(csv.ToString(), "text/csv", mode: "overwrite")).AlreadyBlocked.Count);

        Assert.Equal(Rows, (await a.UnblockAllOkAsync()).Unblocked);
        await b.SendOkAsync(conversation, "unblocked");
    }
}
