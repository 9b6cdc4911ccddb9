using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ChatBlock.Tests.Infrastructure;

namespace ChatBlock.Tests.Dialects;

/// <summary>
/// One block is one block whichever dialect made it (SPEC section 9): made in one, it is seen, enforced and lifted through the
/// others and through <c>/api/v1</c>.
/// </summary>
[Collection(SqliteCollection.Name)]
public sealed class MixedDialectTests(SqliteChatApp app)
{
    [Theory]
    [InlineData("v1", "seed003")]
    [InlineData("seed002", "seed000")]
    [InlineData("seed003", "v1")]
    [InlineData("seed000", "seed003")]
    public async Task BlockMadeInOneDialectIsSeenRefusedAndLiftedThroughTheOthers(string maker, string lifter)
    {
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();
        var chat = (await a.OpenDirectAsync(b.Id)).Id;

        var made = maker switch
        {
            "v1" => await a.BlockAsync(b.Id),
            "seed002" => await a.BlockUserAsync(b.Id),
            "seed003" => await a.ChatBlockAsync(chat),
            _ => await a.UsersBlockAsync(b.Id),
        };
        Assert.True(made.IsSuccessStatusCode, await made.Content.ReadAsStringAsync());

        // Seen: relationship, both block lists, the conversation's banner flag.
        Assert.True((await HttpAssert.OkAsync<RelationshipBody>(await a.Client.GetAsync($"/api/v1/users/{b.Id}/relationship")))
            .BlockedByMe);
        Assert.Equal([b.Id], (await HttpAssert.OkAsync<BlockListBody>(await a.Client.GetAsync("/api/v1/users/me/blocks")))
            .Items.Select(i => i.User.Id));
        var seed000List = await HttpAssert.OkAsync<JsonElement>(await a.Client.GetAsync("/api/users/me/blocked"));
        Assert.Equal([b.Id], seed000List.EnumerateArray().Select(u => u.GetProperty("id").GetGuid()));
        Assert.True((await HttpAssert.OkAsync<ConversationBody>(await a.Client.GetAsync($"/api/v1/conversations/{chat}"))).BlockedByMe);

        // Already there, in each dialect's words.
        await HttpAssert.ProblemAsync(await a.BlockAsync(b.Id), HttpStatusCode.Conflict, "user.block.already_blocked");
        Assert.Equal(HttpStatusCode.Conflict, (await a.BlockUserAsync(b.Id)).StatusCode);
        await DialectAssert.AnswerAsync(await a.ChatBlockAsync(chat), HttpStatusCode.BadRequest,
            """{"success": false, "message": "User is already blocked"}""");
        await DialectAssert.AnswerAsync(await a.UsersBlockAsync(b.Id), HttpStatusCode.OK,
            """{"success": true, "message": "User already blocked"}""");

        // Refused both ways, through every dialect.
        await HttpAssert.ProblemAsync(await b.SendAsync(chat), HttpStatusCode.Forbidden, "message.blocked_by_recipient");
        await HttpAssert.ProblemAsync(await a.SendAsync(chat), HttpStatusCode.Forbidden, "message.recipient_blocked");
        Assert.Equal(HttpStatusCode.Forbidden, (await b.ChatSendAsync(chat, "x")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await a.ChatSendAsync(chat, "x")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await b.MessagesSendAsync(chat, "x")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await a.MessagesSendAsync(chat, "x")).StatusCode);
        Assert.Empty((await a.MessagesAsync(chat)).Items);

        var lifted = lifter switch
        {
            "v1" => await a.UnblockAsync(b.Id),
            "seed003" => await a.ChatUnblockAsync(chat),
            _ => await a.UsersUnblockAsync(b.Id),
        };
        Assert.True(lifted.IsSuccessStatusCode, await lifted.Content.ReadAsStringAsync());

        // Lifted everywhere at once.
        Assert.False((await HttpAssert.OkAsync<RelationshipBody>(await a.Client.GetAsync($"/api/v1/users/{b.Id}/relationship")))
            .BlockedByMe);
        Assert.Equal(0, (await HttpAssert.OkAsync<JsonElement>(await a.Client.GetAsync("/api/users/me/blocked"))).GetArrayLength());
        await HttpAssert.ProblemAsync(await a.UnblockAsync(b.Id), HttpStatusCode.NotFound, "user.block.not_blocked");
        await b.SendOkAsync(chat, "v1");
        Assert.Equal(HttpStatusCode.Created, (await b.ChatSendAsync(chat, "seed003")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await a.MessagesSendAsync(chat, "seed000")).StatusCode);
        Assert.Equal(["seed000", "seed003", "v1"], (await a.MessagesAsync(chat)).Items.Select(m => m.Content));
    }

    [Fact]
    public async Task BlockMadeInADialectHidesTheBlockersAvatar()
    {
        var a = await app.RegisterAsync(avatarUrl: "https://example.com/a.png");
        var b = await app.RegisterAsync();
        await a.UsersBlockAsync(b.Id);

        var seen = await HttpAssert.OkAsync<ProfileBody>(await b.Client.GetAsync($"/api/v1/users/{a.Id}"));

        Assert.Null(seen.AvatarUrl);
        // The conversation the block made is new to b (issue 11 item 12: a block must not show in what b is answered).
        Assert.Equal(
            HttpStatusCode.Created, (await b.Client.PostAsJsonAsync("/api/v1/conversations/direct", new { userId = a.Id })).StatusCode);
    }
}
