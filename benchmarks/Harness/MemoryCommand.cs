using ChatBlock.Grains;
using ChatBlock.Silo.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ChatBlock.Benchmarks;

/// <summary>
/// Memory held by active user grains on the PostgreSQL store: <c>GC.GetTotalMemory(true)</c> before and after activating
/// <c>--count</c> bulk-loaded users from <c>--first</c> on. Run once over users with no blocks and once over users with blocks
/// (a fresh process each, so both start from the same state); run.sh derives bytes per cached block entry as
/// (bytes per grain with N blocks - bytes per grain with none) / N.
/// </summary>
internal static class MemoryCommand
{
    private const int Concurrency = 16;

    public static async Task<int> RunAsync(HarnessArgs options)
    {
        var connectionString = options.Get("pg");
        var first = options.GetInt("first", 0);
        var count = options.GetInt("count", 100_000);
        var label = options.Get("label");
        var results = options.Get("results");
        using var host = await SiloHost.StartAsync("Postgres", connectionString);
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var control = host.Services.GetRequiredService<IActivationControl>();
        var probe = Guid.NewGuid();

        // Warm up the code paths and fill the connection pool, then let those activations go.
        await ActivateAsync(grains, first, Concurrency * 4, probe);
        await control.DeactivateAllAsync<IUserGrain>(DeactivationReason.ApplicationRequested);

        var before = GC.GetTotalMemory(forceFullCollection: true);
        await ActivateAsync(grains, first, count, probe);
        var after = GC.GetTotalMemory(forceFullCollection: true);
        if (control.ActivationCount != count)
        {
            throw new InvalidOperationException($"Expected {count} activations, found {control.ActivationCount}.");
        }

        var entries = await CountBlocksAsync(connectionString, first, count);
        Results.Append(results, $"memory.{label}.bytesPerGrain", (after - before) / (double)count);
        Results.Append(results, $"memory.{label}.entriesPerGrain", entries / (double)count);
        GC.KeepAlive(grains);
        await host.StopAsync();
        return 0;
    }

    private static Task ActivateAsync(IGrainFactory grains, int first, int count, Guid probe) =>
        Parallel.ForAsync(first, first + count, new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (i, _) =>
            await grains.GetGrain<IUserGrain>(LoadIds.User(i)).IsBlockingAsync(probe));

    private static async Task<long> CountBlocksAsync(string connectionString, int first, int count)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM blocks WHERE blocker_id = ANY ($1)");
        command.Parameters.Add(new NpgsqlParameter { Value = Enumerable.Range(first, count).Select(i => LoadIds.User(i)).ToArray() });
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
