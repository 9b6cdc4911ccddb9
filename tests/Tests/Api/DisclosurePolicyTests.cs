using System.Net;
using ChatBlock.Tests.Infrastructure;

namespace ChatBlock.Tests.Api;

/// <summary>The <c>Discreet</c> and <c>Shadow</c> disclosure policies (SPEC section 5), each on a gateway of its own.</summary>
public sealed class DisclosurePolicyTests
{
    [Fact]
    public async Task DiscreetPolicyTellsTheBlockedSenderNothingButNotDelivered()
    {
        using var app = new ChatApp(settings: new Dictionary<string, string?> { ["Blocking:Disclosure"] = "Discreet" });
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();
        var conversation = await a.OpenDirectAsync(b.Id);
        await a.BlockOkAsync(b.Id);

        var problem = await HttpAssert.ProblemAsync(await b.SendAsync(conversation.Id), HttpStatusCode.Forbidden, "message.not_delivered");
        var relationship = await b.RelationshipAsync(a.Id);

        Assert.Equal("Message not delivered.", problem.GetProperty("title").GetString());
        Assert.False(problem.TryGetProperty("detail", out _));
        // canMessage true would contradict not_delivered, false would disclose the block (issue 11, item 12).
        Assert.Equal(new RelationshipBody(a.Id, false, null, null), relationship);
        // The blocker is still told what they did.
        await HttpAssert.ProblemAsync(await a.SendAsync(conversation.Id), HttpStatusCode.Forbidden, "message.recipient_blocked");
        Assert.Empty((await a.MessagesAsync(conversation.Id)).Items);
    }

    [Fact]
    public async Task ShadowPolicyAnswersAsSentButNeverDelivers()
    {
        using var app = new ChatApp(settings: new Dictionary<string, string?> { ["Blocking:Disclosure"] = "Shadow" });
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();
        var conversation = await a.OpenDirectAsync(b.Id);
        await a.BlockOkAsync(b.Id);

        var shadowed = await b.SendOkAsync(conversation.Id, "into the void");

        Assert.Equal(b.Id, shadowed.SenderId);
        Assert.Equal(["into the void"], (await b.MessagesAsync(conversation.Id)).Items.Select(m => m.Content));
        Assert.Empty((await a.MessagesAsync(conversation.Id)).Items);
        await HttpAssert.ProblemAsync(await a.SendAsync(conversation.Id), HttpStatusCode.Forbidden, "message.recipient_blocked");

        // Not delivered after an unblock either; new messages flow normally.
        await a.UnblockOkAsync(b.Id);
        await b.SendOkAsync(conversation.Id, "after unblock");
        Assert.Equal(["after unblock"], (await a.MessagesAsync(conversation.Id)).Items.Select(m => m.Content));
        Assert.Equal(["after unblock", "into the void"], (await b.MessagesAsync(conversation.Id)).Items.Select(m => m.Content));
    }
}
