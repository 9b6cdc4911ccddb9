using ChatBlock.Storage.Clustering;
using ChatBlock.Storage.Memory;
using ChatBlock.Tests.Infrastructure;

namespace ChatBlock.Tests.Events;

/// <summary>Events published on one silo reach streams held by another, through the cluster channel.</summary>
public abstract class CrossSiloEventTests : IAsyncLifetime
{
    private SiloAppFactory _silo1 = null!, _silo2 = null!;

    public async Task InitializeAsync() => (_silo1, _silo2) = await CreateSilosAsync();

    /// <summary>Two silos sharing one database and one notification channel.</summary>
    protected abstract Task<(SiloAppFactory, SiloAppFactory)> CreateSilosAsync();

    public async Task DisposeAsync()
    {
        await _silo1.DisposeAsync();
        await _silo2.DisposeAsync();
    }

    [Fact]
    public async Task AMessageSentOnOneSiloReachesAStreamOnAnother()
    {
        var (api1, api2) = (new ChatApi(_silo1.CreateHttpClient()), new ChatApi(_silo2.CreateHttpClient()));
        var (a, b) = (await api1.RegisterAsync("a"), await api1.RegisterAsync("b"));
        var conversation = await api1.OpenDirectAsync(a, b);
        await using var streamB = await SseConnection.OpenReadyAsync(api1.Http, b);

        var sent = await api2.SendMessageAsync(a, conversation, "across silos");

        var received = await streamB.NextAsync();
        Assert.Equal(sent.GetProperty("id").GetGuid(), received.Json.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task AMessageTooLargeForOneNotificationIsFetchedByTheReceivingSilo()
    {
        var (api1, api2) = (new ChatApi(_silo1.CreateHttpClient()), new ChatApi(_silo2.CreateHttpClient()));
        var (a, b) = (await api1.RegisterAsync("a"), await api1.RegisterAsync("b"));
        var conversation = await api1.OpenDirectAsync(a, b);
        await using var streamB = await SseConnection.OpenReadyAsync(api1.Http, b);
        var content = string.Concat(Enumerable.Repeat("🧱", 4000));

        await api2.SendMessageAsync(a, conversation, content);

        var received = await streamB.NextAsync();
        Assert.Equal("message.created", received.Type);
        Assert.Equal(content, received.Json.GetProperty("content").GetString());
    }

    [Fact]
    public async Task BlockEventsReachTheBlockersStreamsOnEverySilo()
    {
        var (api1, api2) = (new ChatApi(_silo1.CreateHttpClient()), new ChatApi(_silo2.CreateHttpClient()));
        var (a, b) = (await api1.RegisterAsync("a"), await api1.RegisterAsync("b"));
        await using var tab1 = await SseConnection.OpenReadyAsync(api1.Http, a);
        await using var tab2 = await SseConnection.OpenReadyAsync(api2.Http, a);

        await api2.BlockAsync(a, b);

        Assert.Equal("block.created", (await tab1.NextAsync()).Type);
        Assert.Equal("block.created", (await tab2.NextAsync()).Type);
    }
}

public sealed class MemoryCrossSiloEventTests : CrossSiloEventTests
{
    protected override Task<(SiloAppFactory, SiloAppFactory)> CreateSilosAsync()
    {
        var (database, network) = (new MemoryDatabase(), new InMemoryClusterNetwork());
        return Task.FromResult(
            (SiloAppFactory.OnMemory("silo-1", database, network), SiloAppFactory.OnMemory("silo-2", database, network)));
    }
}

public sealed class PostgresCrossSiloEventTests : CrossSiloEventTests
{
    protected override async Task<(SiloAppFactory, SiloAppFactory)> CreateSilosAsync()
    {
        var connectionString = await SharedPostgres.CreateDatabaseAsync();
        return (SiloAppFactory.OnPostgres("silo-1", connectionString), SiloAppFactory.OnPostgres("silo-2", connectionString));
    }
}
