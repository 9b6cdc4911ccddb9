using System.Net;
using ChatBlock.Storage.Clustering;
using ChatBlock.Storage.Memory;
using ChatBlock.Tests.Infrastructure;

namespace ChatBlock.Tests.Events;

/// <summary>Events published on one silo reach streams held by another, through the cluster channel.</summary>
public abstract class CrossSiloEventTests : IAsyncLifetime
{
    private ChatApp _silo1 = null!, _silo2 = null!;

    public async Task InitializeAsync() => (_silo1, _silo2) = await CreateSilosAsync();

    /// <summary>Two silos sharing one database and one notification channel.</summary>
    protected abstract Task<(ChatApp, ChatApp)> CreateSilosAsync();

    public async Task DisposeAsync()
    {
        await _silo1.DisposeAsync();
        await _silo2.DisposeAsync();
    }

    [Fact]
    public async Task AMessageSentOnOneSiloReachesAStreamOnAnother()
    {
        var (a, b) = (await _silo1.RegisterAsync("a"), await _silo1.RegisterAsync("b"));
        var conversation = (await a.OpenDirectAsync(b.Id)).Id;
        await using var streamB = await SseConnection.OpenReadyAsync(_silo1, b);

        var sent = await a.On(_silo2).SendOkAsync(conversation, "across silos");

        var received = await streamB.NextAsync();
        Assert.Equal(sent.Id, received.Json.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task AMessageTooLargeForOneNotificationIsFetchedByTheReceivingSilo()
    {
        var (a, b) = (await _silo1.RegisterAsync("a"), await _silo1.RegisterAsync("b"));
        var conversation = (await a.OpenDirectAsync(b.Id)).Id;
        await using var streamB = await SseConnection.OpenReadyAsync(_silo1, b);
        var content = string.Concat(Enumerable.Repeat("🧱", 4000));

        await a.On(_silo2).SendOkAsync(conversation, content);

        var received = await streamB.NextAsync();
        Assert.Equal("message.created", received.Type);
        Assert.Equal(content, received.Json.GetProperty("content").GetString());
    }

    [Fact]
    public async Task ATicketFromOneSiloOpensAStreamOnAnotherOnce()
    {
        var (a, b) = (await _silo1.RegisterAsync("a"), await _silo1.RegisterAsync("b"));
        var conversation = (await a.OpenDirectAsync(b.Id)).Id;
        var ticket = await SseConnection.TicketAsync(_silo1, b);

        await using var streamB = await SseConnection.OpenWithTicketAsync(_silo2, ticket);
        Assert.Equal("ready", (await streamB.NextAsync()).Type);
        using var http = _silo1.CreateClient();
        using var again = await http.GetAsync($"api/v1/events?ticket={Uri.EscapeDataString(ticket)}");

        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
        var sent = await a.SendOkAsync(conversation, "through a ticket of silo 1");
        Assert.Equal(sent.Id, (await streamB.NextAsync()).Json.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task BlockEventsReachTheBlockersStreamsOnEverySilo()
    {
        var (a, b) = (await _silo1.RegisterAsync("a"), await _silo1.RegisterAsync("b"));
        await using var tab1 = await SseConnection.OpenReadyAsync(_silo1, a);
        await using var tab2 = await SseConnection.OpenReadyAsync(_silo2, a);

        await a.On(_silo2).BlockOkAsync(b.Id);

        Assert.Equal("block.created", (await tab1.NextAsync()).Type);
        Assert.Equal("block.created", (await tab2.NextAsync()).Type);
    }
}

public sealed class MemoryCrossSiloEventTests : CrossSiloEventTests
{
    protected override Task<(ChatApp, ChatApp)> CreateSilosAsync()
    {
        var storage = SiloStorage.Memory(new MemoryDatabase(), new InMemoryClusterNetwork());
        return Task.FromResult((ChatApp.Silo("silo-1", storage), ChatApp.Silo("silo-2", storage)));
    }
}

public sealed class PostgresCrossSiloEventTests : CrossSiloEventTests
{
    protected override async Task<(ChatApp, ChatApp)> CreateSilosAsync()
    {
        var storage = SiloStorage.Postgres(await SharedPostgres.CreateDatabaseAsync());
        return (ChatApp.Silo("silo-1", storage), ChatApp.Silo("silo-2", storage));
    }
}
