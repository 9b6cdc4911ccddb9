using System.Net;
using ChatBlock.Tests.Infrastructure;

namespace ChatBlock.Tests.Events;

/// <summary>Events published on one silo reach streams held by another, through the cluster channel.</summary>
public abstract class CrossSiloEventTests : TwoSiloTests
{
    [Fact]
    public async Task AMessageSentOnOneSiloReachesAStreamOnAnother()
    {
        var (a, b) = (await Silo1.RegisterAsync("a"), await Silo1.RegisterAsync("b"));
        var conversation = (await a.OpenDirectAsync(b.Id)).Id;
        await using var streamB = await SseConnection.OpenReadyAsync(Silo1, b);

        var sent = await a.On(Silo2).SendOkAsync(conversation, "across silos");

        var received = await streamB.NextAsync();
        Assert.Equal(sent.Id, received.Json.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task AMessageTooLargeForOneNotificationIsFetchedByTheReceivingSilo()
    {
        var (a, b) = (await Silo1.RegisterAsync("a"), await Silo1.RegisterAsync("b"));
        var conversation = (await a.OpenDirectAsync(b.Id)).Id;
        await using var streamB = await SseConnection.OpenReadyAsync(Silo1, b);
        var content = string.Concat(Enumerable.Repeat("🧱", 4000));

        await a.On(Silo2).SendOkAsync(conversation, content);

        var received = await streamB.NextAsync();
        Assert.Equal("message.created", received.Type);
        Assert.Equal(content, received.Json.GetProperty("content").GetString());
    }

    [Fact]
    public async Task ATicketFromOneSiloOpensAStreamOnAnotherOnce()
    {
        var (a, b) = (await Silo1.RegisterAsync("a"), await Silo1.RegisterAsync("b"));
        var conversation = (await a.OpenDirectAsync(b.Id)).Id;
        var ticket = await SseConnection.TicketAsync(Silo1, b);

        await using var streamB = await SseConnection.OpenWithTicketAsync(Silo2, ticket);
        Assert.Equal("ready", (await streamB.NextAsync()).Type);
        using var http = Silo1.CreateClient();
        using var again = await http.GetAsync($"api/v1/events?ticket={Uri.EscapeDataString(ticket)}");

        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
        var sent = await a.SendOkAsync(conversation, "through a ticket of silo 1");
        Assert.Equal(sent.Id, (await streamB.NextAsync()).Json.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task BlockEventsReachTheBlockersStreamsOnEverySilo()
    {
        var (a, b) = (await Silo1.RegisterAsync("a"), await Silo1.RegisterAsync("b"));
        await using var tab1 = await SseConnection.OpenReadyAsync(Silo1, a);
        await using var tab2 = await SseConnection.OpenReadyAsync(Silo2, a);

        await a.On(Silo2).BlockOkAsync(b.Id);

        Assert.Equal("block.created", (await tab1.NextAsync()).Type);
        Assert.Equal("block.created", (await tab2.NextAsync()).Type);
    }
}

public sealed class MemoryCrossSiloEventTests : CrossSiloEventTests
{
    protected override Task<(ChatApp, ChatApp)> CreateSilosAsync() => TwoSilos.MemoryAsync();
}

public sealed class PostgresCrossSiloEventTests : CrossSiloEventTests
{
    protected override Task<(ChatApp, ChatApp)> CreateSilosAsync() => TwoSilos.PostgresAsync();
}
