using ChatBlock.Grains;
using ChatBlock.Grains.Accounts;
using ChatBlock.Silo.Runtime;
using ChatBlock.Storage.Clustering;
using ChatBlock.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace ChatBlock.Tests.Grains;

/// <summary>
/// A silo whose listen connection is down must not decide from its cached block sets (issue 11, item 3). The test stops its own
/// PostgreSQL server, and holds one silo's reconnect delay so that the silo stays deaf after the database is back.
/// </summary>
public sealed class ListenOutageTests : IAsyncLifetime
{
    private readonly PostgresServer _server = new();
    private readonly List<IHost> _silos = [];
    private string _connectionString = "";

    public async Task InitializeAsync()
    {
        await _server.StartAsync();
        _connectionString = await _server.CreateDatabaseAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            await silo.StopAsync();
            silo.Dispose();
        }

        await _server.DisposeAsync();
    }

    [Fact]
    public async Task ASiloThatIsNotListeningReadsBlocksFromTheDatabaseAndReloadsOnceItListensAgain()
    {
        var retryClock = new HeldTimeProvider();
        var silo0 = await StartSiloAsync("outage-0");
        var silo1 = await StartSiloAsync("outage-1", retryClock);
        var channel1 = silo1.Services.GetRequiredService<PostgresClusterChannel>();
        var accounts = silo0.Services.GetRequiredService<UserAccounts>();
        var a = (await accounts.RegisterAsync($"a{Guid.NewGuid():N}"[..20], "password123", null, null))!.Id;
        var b = (await accounts.RegisterAsync($"b{Guid.NewGuid():N}"[..20], "password123", null, null))!.Id;
        var userOnSilo1 = silo1.Services.GetRequiredService<IGrainFactory>().GetGrain<IUserGrain>(a);
        Assert.False(await userOnSilo1.IsBlockingAsync(b)); // silo 1 now holds A's (empty) set
        Assert.True(channel1.IsListening);

        await _server.StopServerAsync();
        // Silo 1 saw the connection go, failed its first reconnect and now waits for a retry delay that this test holds.
        await retryClock.FirstTimerCreated.WaitAsync(TimeSpan.FromSeconds(30));
        await _server.StartServerAsync();
        NpgsqlConnection.ClearAllPools();
        var blocked = await silo0.Services.GetRequiredService<IGrainFactory>().GetGrain<IUserGrain>(a).BlockAsync(b);
        Assert.Equal(BlockOutcome.Blocked, blocked.Outcome);

        // Silo 1 has not heard of the block (it is not listening), yet it must not answer from its old copy.
        Assert.False(channel1.IsListening);
        Assert.True(await userOnSilo1.IsBlockingAsync(b));

        var observer = new RecordingClusterObserver();
        using var subscription = channel1.Subscribe(observer);
        retryClock.FireAll();
        await observer.NextResetAsync();
        Assert.True(channel1.IsListening);
        Assert.True(await userOnSilo1.IsBlockingAsync(b));
    }

    private async Task<IHost> StartSiloAsync(string siloId, TimeProvider? retryClock = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Silo:SiloId"] = siloId,
            ["Storage:Provider"] = "Postgres",
            ["ConnectionStrings:Postgres"] = _connectionString,
        });
        if (retryClock is not null)
        {
            // Registered first, so the storage registration keeps this channel with the held clock.
            builder.Services.AddSingleton(sp => new PostgresClusterChannel(
                sp.GetRequiredService<NpgsqlDataSource>(), siloId, timeProvider: retryClock));
        }

        builder.Services.AddChatSilo(builder.Configuration);
        var host = builder.Build();
        await host.StartAsync();
        _silos.Add(host);
        return host;
    }

    /// <summary>The system clock, except that timers fire only when the test says so.</summary>
    private sealed class HeldTimeProvider : TimeProvider
    {
        private readonly List<HeldTimer> _timers = [];
        private readonly TaskCompletionSource _firstTimer = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task FirstTimerCreated => _firstTimer.Task;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = new HeldTimer(callback, state);
            lock (_timers)
            {
                _timers.Add(timer);
            }

            _firstTimer.TrySetResult();
            return timer;
        }

        public void FireAll()
        {
            HeldTimer[] timers;
            lock (_timers)
            {
                timers = [.. _timers];
                _timers.Clear();
            }

            foreach (var timer in timers)
            {
                timer.Fire();
            }
        }

        private sealed class HeldTimer(TimerCallback callback, object? state) : ITimer
        {
            private int _done;

            public bool Change(TimeSpan dueTime, TimeSpan period) => Volatile.Read(ref _done) == 0;

            public void Fire()
            {
                if (Interlocked.Exchange(ref _done, 1) == 0)
                {
                    callback(state);
                }
            }

            public void Dispose() => Volatile.Write(ref _done, 1);

            public ValueTask DisposeAsync()
            {
                Dispose();
                return ValueTask.CompletedTask;
            }
        }
    }
}
