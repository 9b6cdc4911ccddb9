using System.Net;
using System.Net.Http.Json;
using ChatBlock.Tests.Infrastructure;

namespace ChatBlock.Tests.Api;

/// <summary>Direct and group conversations and message history (SPEC section 4).</summary>
public abstract class ConversationsApiTests(ChatApp app)
{
    [Fact]
    public async Task OneDirectConversationPerPairCreatedThenReturned()
    {
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();

        var created = await a.Client.PostAsJsonAsync("/api/v1/conversations/direct", new { userId = b.Id });
        var byTheOther = await b.Client.PostAsJsonAsync("/api/v1/conversations/direct", new { userId = a.Id });
        var again = await a.Client.PostAsJsonAsync("/api/v1/conversations/direct", new { userId = b.Id });

        // 201 the first time each participant opens it, 200 after.
        var first = await HttpAssert.OkAsync<ConversationBody>(created, HttpStatusCode.Created);
        var second = await HttpAssert.OkAsync<ConversationBody>(byTheOther, HttpStatusCode.Created);
        var third = await HttpAssert.OkAsync<ConversationBody>(again, HttpStatusCode.OK);
        Assert.Equal(first.Id, second.Id);
        Assert.Equal(first.Id, third.Id);
        Assert.Equal("direct", first.Kind);
        Assert.Null(first.Title);
        Assert.Equal(new[] { a.Id, b.Id }.Order(), first.Participants.Select(p => p.Id).Order());
    }

    [Fact]
    public async Task GroupIncludesTheCallerAndListsNewestActivityFirst()
    {
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();
        var c = await app.RegisterAsync();
        var direct = await a.OpenDirectAsync(b.Id);
        var group = await a.CreateGroupAsync("Trip", b.Id, c.Id, b.Id);

        Assert.Equal("group", group.Kind);
        Assert.Equal("Trip", group.Title);
        Assert.Null(group.BlockedByMe);
        Assert.Equal(new[] { a.Id, b.Id, c.Id }.Order(), group.Participants.Select(p => p.Id).Order());

        await a.SendOkAsync(direct.Id, "bump");
        var list = await a.ConversationsAsync();
        Assert.Equal([direct.Id, group.Id], list.Items.Select(i => i.Id));
        Assert.Equal(
            [group.Id],
            (await c.ConversationsAsync()).Items.Select(i => i.Id));
    }

    [Fact]
    public async Task HistoryIsNewestFirstAndPagesWithBefore()
    {
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();
        var conversation = await a.OpenDirectAsync(b.Id);
        for (var i = 1; i <= 5; i++)
        {
            await (i % 2 == 0 ? b : a).SendOkAsync(conversation.Id, $"m{i}");
        }

        var first = await b.MessagesAsync(conversation.Id, "?limit=2");
        var second = await b.MessagesAsync(conversation.Id, $"?limit=2&before={first.NextCursor}");
        var third = await b.MessagesAsync(conversation.Id, $"?limit=2&before={second.NextCursor}");

        Assert.Equal(["m5", "m4"], first.Items.Select(m => m.Content));
        Assert.Equal(["m3", "m2"], second.Items.Select(m => m.Content));
        Assert.Equal(["m1"], third.Items.Select(m => m.Content));
        Assert.Null(third.NextCursor);
        await HttpAssert.ProblemAsync(
            await b.Client.GetAsync($"/api/v1/conversations/{conversation.Id}/messages?limit=500"),
            HttpStatusCode.BadRequest, "request.invalid");
    }

    [Fact]
    public async Task MessagesCarryTheirTypeAndSender()
    {
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();
        var conversation = await a.OpenDirectAsync(b.Id);

        var text = await a.SendOkAsync(conversation.Id, "plain");
        var image = await HttpAssert.OkAsync<MessageBody>(
            await a.SendAsync(conversation.Id, "https://example.org/cat.png", "image"), HttpStatusCode.Created);

        Assert.Equal("text", text.MessageType);
        Assert.Equal("image", image.MessageType);
        Assert.Equal(conversation.Id, image.ConversationId);
        Assert.Equal(a.Id, image.SenderId);
        Assert.Equal(image, (await b.MessagesAsync(conversation.Id)).Items[0]);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteConversationsApiTests(SqliteChatApp app) : ConversationsApiTests(app);

[Collection(PostgresApiCollection.Name)]
public sealed class PostgresConversationsApiTests(PostgresChatApp app) : ConversationsApiTests(app);
