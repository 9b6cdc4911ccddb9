using System.Net;
using ChatBlock.Storage.Clustering;
using ChatBlock.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ChatBlock.Tests.Api;

/// <summary>
/// A block list import across two silos (SPEC section 10): the importer's streams on both silos get exactly one
/// <c>blocks.replaced</c> event and the users it names get nothing; a send on the other silo is refused right after the import
/// and accepted once an overwrite removed the block and the other silo heard of it.
/// </summary>
public abstract class BlockImportClusterTests : TwoSiloTests
{
    [Fact]
    public async Task AnImportSendsOneBlocksReplacedEventToTheImportersStreamsOnlyOnEverySilo()
    {
        var a = await Silo1.RegisterAsync("a");
        var (b, c, d) = (await Silo1.RegisterAsync("b"), await Silo1.RegisterAsync("c"), await Silo1.RegisterAsync("d"));
        var bToC = (await b.OpenDirectAsync(c.Id)).Id;
        await using var tab1 = await SseConnection.OpenReadyAsync(Silo1, a);
        await using var tab2 = await SseConnection.OpenReadyAsync(Silo2, a);
        await using var streamB = await SseConnection.OpenReadyAsync(Silo2, b);

        var imported = await a.On(Silo2).ImportIdsOkAsync([b.Id, c.Id]);
        Assert.Equal(2, imported.Added.Count);
        // Markers after the import, from the same silo (events of one silo reach the other in order): a block by the importer,
        // and a message to b from someone else.
        await a.On(Silo2).BlockOkAsync(d.Id);
        await c.SendOkAsync(bToC, "marker");

        foreach (var tab in new[] { tab1, tab2 })
        {
            var events = await tab.ReadUntilAsync(e => e.Type == "block.created");
            var replaced = Assert.Single(events, e => e.Type == "blocks.replaced");
            Assert.Equal(2, replaced.Json.GetProperty("added").GetInt32());
            Assert.Equal(0, replaced.Json.GetProperty("removed").GetInt32());
            Assert.Equal(["blocks.replaced", "block.created"], events.Select(e => e.Type));
        }

        Assert.Equal("message.created", (await streamB.NextAsync()).Type);
    }

    [Fact]
    public async Task ASendOnTheOtherSiloIsRefusedAfterAnImportAndAcceptedAfterAnOverwriteRemovedTheBlock()
    {
        var (a, b) = (await Silo1.RegisterAsync("a"), await Silo1.RegisterAsync("b"));
        var conversation = (await a.OpenDirectAsync(b.Id)).Id;
        var bOn2 = b.On(Silo2);
        // Silo 2 holds a's block set (empty) in memory.
        await bOn2.SendOkAsync(conversation, "before");

        await a.ImportIdsOkAsync([b.Id]);

        await HttpAssert.ProblemAsync(await bOn2.SendAsync(conversation), HttpStatusCode.Forbidden, "message.blocked_by_recipient");
        await HttpAssert.ProblemAsync(await a.On(Silo2).SendAsync(conversation), HttpStatusCode.Forbidden, "message.recipient_blocked");

        var heard = new RecordingClusterObserver();
        using var subscription = Silo2.Services.GetRequiredService<IClusterChannel>().Subscribe(heard);
        var overwritten = await a.ImportIdsOkAsync([], mode: "overwrite");
        Assert.Equal([b.Id.ToString()], overwritten.Removed);
        // A removal is refused from memory until the other silo hears of it (milliseconds): wait for that signal.
        await heard.NextAsync(m => m.Topic == ClusterTopics.Blocks && m.Payload == a.Id.ToString());

        await bOn2.SendOkAsync(conversation, "after");
        await a.On(Silo2).SendOkAsync(conversation, "after");
    }
}

public sealed class MemoryBlockImportClusterTests : BlockImportClusterTests
{
    protected override Task<(ChatApp, ChatApp)> CreateSilosAsync() => TwoSilos.MemoryAsync();
}

public sealed class PostgresBlockImportClusterTests : BlockImportClusterTests
{
    protected override Task<(ChatApp, ChatApp)> CreateSilosAsync() => TwoSilos.PostgresAsync();
}
