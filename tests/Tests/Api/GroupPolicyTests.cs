using System.Net;
using ChatBlock.Tests.Infrastructure;

namespace ChatBlock.Tests.Api;

/// <summary>
/// Groups and blocks under the <c>Discreet</c> and <c>Shadow</c> disclosure policies and under <c>Blocking:GroupAdds=Allow</c>
/// (SPEC section 10), each on a gateway of its own.
/// </summary>
public sealed class GroupPolicyTests
{
    [Fact]
    public async Task DiscreetRefusesWithoutSayingWhy()
    {
        using var app = new ChatApp(settings: new Dictionary<string, string?> { ["Blocking:Disclosure"] = "Discreet" });
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();
        var c = await app.RegisterAsync();
        await b.BlockOkAsync(a.Id);

        var problem = await HttpAssert.ProblemAsync(
            await a.TryCreateGroupAsync("sneaky", b.Id), HttpStatusCode.Forbidden, "group.members_not_added");
        var group = await a.CreateGroupAsync("team", c.Id);
        await HttpAssert.ProblemAsync(await a.AddMembersAsync(group.Id, b.Id), HttpStatusCode.Forbidden, "group.members_not_added");

        Assert.Equal("Some members could not be added.", problem.GetProperty("title").GetString());
        Assert.False(problem.TryGetProperty("detail", out _));
        Assert.Equal(new[] { a.Id, c.Id }, (await a.ConversationAsync(group.Id)).Participants.Select(p => p.Id));
        Assert.DoesNotContain((await b.ConversationsAsync()).Items, conversation => conversation.Kind == "group");
    }

    [Fact]
    public async Task ShadowLeavesTheBlockerOutSilently()
    {
        using var app = new ChatApp(settings: new Dictionary<string, string?> { ["Blocking:Disclosure"] = "Shadow" });
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();
        var c = await app.RegisterAsync();
        await b.BlockOkAsync(a.Id);

        var alone = await a.CreateGroupAsync("sneaky", b.Id);
        var group = await a.CreateGroupAsync("team", b.Id, c.Id);
        var added = await a.AddMembersOkAsync(group.Id, b.Id);
        await a.SendOkAsync(alone.Id, "can you hear me");

        Assert.Equal(new[] { a.Id }, alone.Participants.Select(p => p.Id));
        Assert.Equal(new[] { a.Id, c.Id }, group.Participants.Select(p => p.Id));
        Assert.Equal(new[] { a.Id, c.Id }, added.Participants.Select(p => p.Id));
        Assert.DoesNotContain((await b.ConversationsAsync()).Items, conversation => conversation.Kind == "group");
        await HttpAssert.ProblemAsync(await b.Client.GetAsync($"/api/v1/conversations/{alone.Id}/messages"), HttpStatusCode.NotFound,
            "conversation.not_found");
    }

    [Fact]
    public async Task GroupAddsAllowRestoresGroupsUnaffectedByBlocks()
    {
        using var app = new ChatApp(settings: new Dictionary<string, string?> { ["Blocking:GroupAdds"] = "Allow" });
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();
        var c = await app.RegisterAsync();
        await b.BlockOkAsync(a.Id);
        await c.BlockOkAsync(a.Id);

        var group = await a.CreateGroupAsync("allowed", b.Id);
        var added = await a.AddMembersOkAsync(group.Id, c.Id);
        await a.SendOkAsync(group.Id, "hello b");

        Assert.Equal(new[] { a.Id, b.Id, c.Id }, added.Participants.Select(p => p.Id));
        var seen = Assert.Single(await b.FlaggedMessagesAsync(group.Id));
        Assert.Equal(("hello b", true), (seen.Content, seen.SenderBlockedByMe));
    }
}
