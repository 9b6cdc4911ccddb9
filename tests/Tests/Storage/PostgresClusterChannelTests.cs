using ChatBlock.Storage.Clustering;
using ChatBlock.Silo.Runtime;
using ChatBlock.Storage;
using ChatBlock.Storage.Postgres;
using ChatBlock.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace ChatBlock.Tests.Storage;

/// <summary>LISTEN/NOTIFY between silos sharing one PostgreSQL database, and the Postgres wiring of the host.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresClusterChannelTests : IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _disposables = [];
    private string _connectionString = "";

    public async Task InitializeAsync() => _connectionString = await SharedPostgres.CreateDatabaseAsync();

    public async Task DisposeAsync()
    {
        foreach (var disposable in Enumerable.Reverse(_disposables))
        {
            await disposable.DisposeAsync();
        }
    }

    [Fact]
    public async Task BlockChangesAreNotifiedToEverySiloWithTheirOrigin()
    {
        var (siloA, observerA) = await StartSiloAsync("silo-a");
        var (_, observerB) = await StartSiloAsync("silo-b");
        var store = await StoreAsync(siloA);
        var (blocker, blocked) = (await NewUserAsync(store), await NewUserAsync(store));
        var expected = new ClusterMessage(ClusterTopics.Blocks, blocker.ToString(), "silo-a");

        await store.AddBlockAsync(blocker, blocked, StoreClock.Now(TimeProvider.System));
        Assert.Equal(expected, WithoutSendTime(await observerB.NextAsync(m => m.Payload == expected.Payload)));
        Assert.Equal(expected, WithoutSendTime(await observerA.NextAsync(m => m.Payload == expected.Payload)));

        await store.RemoveBlockAsync(blocker, blocked, StoreClock.Now(TimeProvider.System));
        Assert.Equal(expected, WithoutSendTime(await observerB.NextAsync(m => m.Payload == expected.Payload)));
    }

    [Fact]
    public async Task AnUnchangedBlockIsNotNotified()
    {
        var (siloA, observerA) = await StartSiloAsync("silo-a");
        var store = await StoreAsync(siloA);
        var (blocker, blocked) = (await NewUserAsync(store), await NewUserAsync(store));

        Assert.False(await store.RemoveBlockAsync(blocker, blocked, StoreClock.Now(TimeProvider.System)));
        Assert.Empty(await store.RemoveAllBlocksAsync(blocker, StoreClock.Now(TimeProvider.System)));
        await siloA.PublishAsync("marker", "after");

        Assert.Equal("marker", (await observerA.NextAsync(_ => true)).Topic);
    }

    [Fact]
    public async Task ABatchOfPayloadsArrivesWholeAndInOrder()
    {
        var (siloA, _) = await StartSiloAsync("silo-a");
        var (_, observerB) = await StartSiloAsync("silo-b");
        var payloads = Enumerable.Range(0, 20).Select(i => $"event-{i}").ToList();

        await siloA.PublishAsync(ClusterTopics.Events, payloads);

        foreach (var payload in payloads)
        {
            Assert.Equal(payload, (await observerB.NextAsync(m => m.Topic == ClusterTopics.Events)).Payload);
        }
    }

    [Fact]
    public async Task PublishedMessagesReachOtherSilos()
    {
        var (siloA, _) = await StartSiloAsync("silo-a");
        var (_, observerB) = await StartSiloAsync("silo-b");

        var before = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        await siloA.PublishAsync(ClusterTopics.Events, "{\"kind\":\"ü\"}");
        var after = DateTimeOffset.UtcNow;

        var received = await observerB.NextAsync(_ => true);
        Assert.Equal(new ClusterMessage(ClusterTopics.Events, "{\"kind\":\"ü\"}", "silo-a"), WithoutSendTime(received));
        Assert.InRange(received.SentAt!.Value, before, after);
    }

    // The send time (for the invalidation lag, issue 14) is the sender's clock: compared apart.
    private static ClusterMessage WithoutSendTime(ClusterMessage message) => message with { SentAt = null };

    [Fact]
    public async Task OversizedPayloadsAreRefused()
    {
        var (siloA, _) = await StartSiloAsync("silo-a");

        await Assert.ThrowsAsync<ArgumentException>(() => siloA.PublishAsync(ClusterTopics.Events, new string('x', 7_000)));
    }

    [Fact]
    public async Task ALostListenConnectionIsReplacedAndEveryObserverReset()
    {
        var (siloA, observerA) = await StartSiloAsync("silo-a");
        var (siloB, _) = await StartSiloAsync("silo-b");
        var second = new RecordingClusterObserver();
        using var subscription = siloA.Subscribe(second);

        await siloA.ReconnectAsync();

        Assert.Equal((1, 1), (observerA.ResetCount, second.ResetCount));
        await siloB.PublishAsync("after-reconnect", "1");
        Assert.Equal("silo-b", (await observerA.NextAsync(m => m.Topic == "after-reconnect")).OriginSiloId);
        await siloA.ReconnectAsync();
        Assert.Equal(2, observerA.ResetCount);
    }

    [Fact]
    public async Task AChannelRetriesThroughADatabaseOutageAndThenResetsItsObservers()
    {
        // An outage of its own server, so that no other test loses its database.
        using var ownServer = new PostgresServer();
        await ownServer.StartAsync();
        await using var dataSource = NpgsqlDataSource.Create(ownServer.ConnectionString);
        await using var channel = new PostgresClusterChannel(dataSource, "silo-a");
        var observer = new RecordingClusterObserver();
        using var subscription = channel.Subscribe(observer);
        await channel.StartAsync(CancellationToken.None);

        await ownServer.StopServerAsync();
        await ownServer.StartServerAsync();
        await observer.NextResetAsync();

        await channel.PublishAsync("after-outage", "1");
        Assert.Equal("silo-a", (await observer.NextAsync(m => m.Topic == "after-outage")).OriginSiloId);
    }

    [Fact]
    public async Task ObserversHearThatTheChannelStoppedListeningBeforeItIsBack()
    {
        using var ownServer = new PostgresServer();
        await ownServer.StartAsync();
        await using var dataSource = NpgsqlDataSource.Create(ownServer.ConnectionString);
        await using var channel = new PostgresClusterChannel(dataSource, "silo-a");
        var observer = new DisconnectObserver(channel);
        using var subscription = channel.Subscribe(observer);
        var resets = new RecordingClusterObserver();
        using var resetSubscription = channel.Subscribe(resets);
        await channel.StartAsync(CancellationToken.None);
        Assert.True(channel.IsListening);

        await ownServer.StopServerAsync();
        Assert.False(await observer.Disconnected.Task.WaitAsync(TimeSpan.FromSeconds(30))); // IsListening when it was told
        await ownServer.StartServerAsync();
        await resets.NextResetAsync();

        Assert.True(channel.IsListening);
    }

    [Fact]
    public async Task AHostWithThePostgresProviderListensAndMigratesBeforeItServes()
    {
        using var host = BuildHost(_connectionString);

        await host.StartAsync();
        try
        {
            var store = host.Services.GetRequiredService<IChatStore>();
            Assert.IsType<PostgresChatStore>(store);
            Assert.IsType<PostgresClusterChannel>(host.Services.GetRequiredService<IClusterChannel>());
            Assert.True(await store.PingAsync());
            Assert.Empty(await store.GetBlocksByBlockerAsync(Guid.NewGuid()));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task AHostWithoutAConnectionStringFailsToStartWithAClearMessage()
    {
        using var host = BuildHost(connectionString: null);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        Assert.Contains("ConnectionStrings:Postgres", error.Message, StringComparison.Ordinal);
    }

    private static IHost BuildHost(string? connectionString)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Postgres",
            ["ConnectionStrings:Postgres"] = connectionString,
            ["Silo:SiloId"] = "silo-host",
        });
        builder.Services.AddSilo(builder.Configuration).AddChatStorage(builder.Configuration);
        return builder.Build();
    }

    private async Task<(PostgresClusterChannel Channel, RecordingClusterObserver Observer)> StartSiloAsync(string siloId)
    {
        var dataSource = NpgsqlDataSource.Create(_connectionString);
        _disposables.Add(dataSource);
        var channel = new PostgresClusterChannel(dataSource, siloId);
        _disposables.Add(channel);
        var observer = new RecordingClusterObserver();
        channel.Subscribe(observer);
        await channel.StartAsync(CancellationToken.None);
        return (channel, observer);
    }

    private static async Task<Guid> NewUserAsync(PostgresChatStore store)
    {
        var user = new UserRecord(Guid.NewGuid(), $"u{Guid.NewGuid():N}"[..24], "Someone", null, StoreClock.Now(TimeProvider.System), null);
        Assert.True(await store.TryCreateUserAsync(user, "hash"));
        return user.Id;
    }

    private async Task<PostgresChatStore> StoreAsync(PostgresClusterChannel channel)
    {
        var dataSource = NpgsqlDataSource.Create(_connectionString);
        _disposables.Add(dataSource);
        var store = new PostgresChatStore(dataSource, channel);
        await store.InitializeAsync();
        return store;
    }

    /// <summary>Records whether the channel said it listened when it reported the loss.</summary>
    private sealed class DisconnectObserver(PostgresClusterChannel channel) : IClusterObserver
    {
        public TaskCompletionSource<bool> Disconnected { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task OnMessageAsync(ClusterMessage message) => Task.CompletedTask;

        public Task OnDisconnectedAsync()
        {
            Disconnected.TrySetResult(channel.IsListening);
            return Task.CompletedTask;
        }

        public Task OnResetAsync() => Task.CompletedTask;
    }
}
