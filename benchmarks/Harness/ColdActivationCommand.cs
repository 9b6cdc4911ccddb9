using System.Diagnostics;
using ChatBlock.Grains;
using ChatBlock.Silo.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ChatBlock.Benchmarks;

/// <summary>
/// Cold activation of a user with 1,000 blocks on the PostgreSQL store: for each of the first <c>--users</c> bulk-loaded users
/// (those with 1,000 blocks), activate, deactivate, then time the first <see cref="IUserGrain.IsBlockingAsync"/>: that call
/// creates the activation, reads the user and its block rows and fills the block set. The comparison is the floor: the same two
/// reads (the user row; its 1,000 block rows, ordered) done directly with Npgsql into a list, per user, interleaved.
/// </summary>
internal static class ColdActivationCommand
{
    private const string SelectUser =
        "SELECT id, username, display_name, avatar_url, created_at, last_seen_at FROM users WHERE id = $1";

    private const string SelectBlocks =
        "SELECT blocker_id, blocked_id, created_at FROM blocks WHERE blocker_id = $1 ORDER BY created_at, blocked_id";

    public static async Task<int> RunAsync(HarnessArgs options)
    {
        var connectionString = options.Get("pg");
        var count = options.GetInt("users", 200);
        var results = options.Get("results");
        using var host = await SiloHost.StartAsync("Postgres", connectionString);
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var control = host.Services.GetRequiredService<IActivationControl>();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);

        var grainTimes = new List<double>(count);
        var rawTimes = new List<double>(count);
        var probe = Guid.NewGuid();
        for (var round = 0; round < 2; round++)
        {
            // Round 0 warms up (JIT, connections, buffer cache) on the same users; round 1 is measured.
            for (var i = 1; i <= count; i++)
            {
                var id = LoadIds.User(i);
                var grain = grains.GetGrain<IUserGrain>(id);
                await grain.IsBlockingAsync(probe);
                await control.DeactivateAsync<IUserGrain>(id, DeactivationReason.Invalidated);

                var started = Stopwatch.GetTimestamp();
                await grain.IsBlockingAsync(probe);
                var grainMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                await control.DeactivateAsync<IUserGrain>(id, DeactivationReason.Invalidated);

                started = Stopwatch.GetTimestamp();
                var rows = await ReadDirectAsync(dataSource, id);
                var rawMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (rows != 1000)
                {
                    throw new InvalidOperationException($"User {i} has {rows} blocks; the load should have given it 1000.");
                }

                if (round == 1)
                {
                    grainTimes.Add(grainMs);
                    rawTimes.Add(rawMs);
                }
            }
        }

        grainTimes.Sort();
        rawTimes.Sort();
        Results.Append(results, "cold.grain.p50", Results.Percentile(grainTimes, 50));
        Results.Append(results, "cold.grain.p99", Results.Percentile(grainTimes, 99));
        Results.Append(results, "cold.raw.p50", Results.Percentile(rawTimes, 50));
        Results.Append(results, "cold.raw.p99", Results.Percentile(rawTimes, 99));
        await host.StopAsync();
        return 0;
    }

    private static async Task<int> ReadDirectAsync(NpgsqlDataSource dataSource, Guid id)
    {
        await using (var user = dataSource.CreateCommand(SelectUser))
        {
            user.Parameters.Add(new NpgsqlParameter { Value = id });
            await using var reader = await user.ExecuteReaderAsync();
            if (!await reader.ReadAsync())
            {
                throw new InvalidOperationException($"No user {id}.");
            }

            _ = (reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetFieldValue<DateTimeOffset>(4),
                reader.IsDBNull(5) ? (DateTimeOffset?)null : reader.GetFieldValue<DateTimeOffset>(5));
        }

        await using var blocks = dataSource.CreateCommand(SelectBlocks);
        blocks.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var rows = await blocks.ExecuteReaderAsync();
        var list = new List<(Guid, Guid, DateTimeOffset)>();
        while (await rows.ReadAsync())
        {
            list.Add((rows.GetGuid(0), rows.GetGuid(1), rows.GetFieldValue<DateTimeOffset>(2)));
        }

        return list.Count;
    }
}
