using System.Net;
using System.Net.Http.Json;
using System.Text;
using ChatBlock.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ChatBlock.Tests.Api;

/// <summary>
/// Issue 11, items 7, 9, 12 and 13 on the shared gateway: username lookalikes, the paged conversation list, login body size,
/// last-seen rounding and hiding, a block's conversation hidden from the blocked user, and two inputs that answered 500.
/// </summary>
public abstract class HardeningApiTests(ChatApp app)
{
    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public async Task AUsernameWithATrailingNewlineIsNotALookalikeAccount(string suffix)
    {
        var victim = await app.RegisterAsync("v");
        var client = app.CreateClient();

        await HttpAssert.ProblemAsync(
            await client.RegisterAsync(victim.Username + suffix, ChatApp.Password), HttpStatusCode.BadRequest, "request.invalid");
        await HttpAssert.ProblemAsync(
            await client.RegisterAsync($"fresh{Guid.NewGuid():N}"[..12] + suffix, ChatApp.Password),
            HttpStatusCode.BadRequest, "request.invalid");
        await HttpAssert.ProblemAsync(
            await client.LoginAsync(victim.Username + suffix, ChatApp.Password), HttpStatusCode.Unauthorized, "auth.invalid_credentials");
    }

    [Fact]
    public async Task TheConversationListIsPagedWithAnOpaqueCursor()
    {
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();
        for (var i = 0; i < 5; i++)
        {
            await b.CreateGroupAsync($"Group {i}", a.Id);
        }

        var whole = await a.ConversationsAsync();
        var pages = await a.AllConversationPagesAsync(limit: 2);

        Assert.Equal(5, whole.Items.Count);
        Assert.Null(whole.NextCursor);
        Assert.Equal([2, 2, 1], pages.Select(p => p.Items.Count));
        Assert.All(pages[..^1], p => Assert.NotNull(p.NextCursor));
        Assert.Null(pages[^1].NextCursor);
        Assert.Equal(whole.Items.Select(c => c.Id), pages.SelectMany(p => p.Items).Select(c => c.Id));
        Assert.Equal(["Group 4", "Group 3", "Group 2", "Group 1", "Group 0"], whole.Items.Select(c => c.Title));
    }

    [Theory]
    [InlineData("?limit=0")]
    [InlineData("?limit=101")]
    [InlineData("?limit=ten")]
    [InlineData("?cursor=abc")]
    [InlineData("?cursor=================================")]
    [InlineData("?cursor=%2B%2B%2B%2B%2B%2B%2B%2B%2B%2B%2B%2B%2B%2B%2B%2B%2B%2B%2B%2B%2B%2B%2B%2B%2B%2B%2B%2B%2B%2B%2B%2B")]
    public async Task ABadConversationPageQueryIsABadRequest(string query)
    {
        var a = await app.RegisterAsync();

        await HttpAssert.ProblemAsync(await a.ConversationsPageAsync(query), HttpStatusCode.BadRequest, "request.invalid");
    }

    [Theory]
    [InlineData('=')]
    [InlineData('+')]
    [InlineData('/')]
    public async Task ABlockListCursorOfNonBase64UrlCharactersIsABadRequestNotAServerError(char character)
    {
        var a = await app.RegisterAsync();
        var cursor = Uri.EscapeDataString(new string(character, 32));

        await HttpAssert.ProblemAsync(
            await a.Client.GetAsync($"/api/v1/users/me/blocks?cursor={cursor}"), HttpStatusCode.BadRequest, "request.invalid");
    }

    [Theory]
    [InlineData("not-a-uuid")]
    [InlineData("")]
    [InlineData(null)]
    public async Task ASignedTokenWhoseSubjectIsNotAUserIdIsUnauthorized(string? subject)
    {
        await app.RegisterAsync(); // the signing key exists once the app has issued a token
        var key = Encoding.UTF8.GetBytes((await File.ReadAllTextAsync(Path.Combine(app.DataPath, "signing-key"))).Trim());
        var claims = new Dictionary<string, object> { ["name"] = "mallory" };
        if (subject is not null)
        {
            claims["sub"] = subject;
        }

        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "chatblock",
            Audience = "chatblock",
            Expires = DateTime.UtcNow.AddMinutes(5),
            Claims = claims,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key), SecurityAlgorithms.HmacSha256),
        });
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);

        await HttpAssert.ProblemAsync(await client.GetAsync("/api/v1/users/me"), HttpStatusCode.Unauthorized, "auth.unauthorized");
        await HttpAssert.ProblemAsync(await client.GetAsync("/api/v1/conversations"), HttpStatusCode.Unauthorized, "auth.unauthorized");
    }

    [Fact]
    public async Task LastSeenIsRoundedDownToTheMinuteWhereverItIsShown()
    {
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();
        var conversation = await a.OpenDirectAsync(b.Id);
        await b.SendOkAsync(conversation.Id);

        var shown = new[]
        {
            (await a.ProfileAsync(b.Id)).LastSeenAt,
            (await b.MeAsync()).LastSeenAt,
            (await a.ConversationAsync(conversation.Id)).Participants.Single(p => p.Id == b.Id).LastSeenAt,
            (await a.SearchAsync(b.Username)).Items.Single().LastSeenAt,
        };

        Assert.All(shown, at =>
        {
            Assert.NotNull(at);
            Assert.Equal(0, at.Value.UtcTicks % TimeSpan.TicksPerMinute);
        });
    }

    [Fact]
    public async Task AUserCanHideTheirLastSeenTimeFromEveryoneElse()
    {
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();
        var group = await a.CreateGroupAsync("Friends", b.Id);
        await b.MeAsync(); // activity: b has a last-seen time
        Assert.NotNull((await a.ProfileAsync(b.Id)).LastSeenAt);

        var own = await b.ShowLastSeenOkAsync(false);

        Assert.False(own.ShowLastSeen);
        Assert.NotNull(own.LastSeenAt);
        Assert.Null((await a.ProfileAsync(b.Id)).LastSeenAt);
        Assert.Null((await a.ConversationAsync(group.Id)).Participants.Single(p => p.Id == b.Id).LastSeenAt);
        Assert.Null((await a.SearchAsync(b.Username)).Items.Single().LastSeenAt);
        Assert.Null((await a.ProfileAsync(b.Id)).ShowLastSeen); // the setting is b's own business
        Assert.False((await b.MeAsync()).ShowLastSeen);

        Assert.True((await b.ShowLastSeenOkAsync(true)).ShowLastSeen);
        Assert.NotNull((await a.ProfileAsync(b.Id)).LastSeenAt);
    }

    [Fact]
    public async Task APrivacyUpdateOfTheWrongTypeIsABadRequest()
    {
        var a = await app.RegisterAsync();

        var response = await a.UpdateMeAsync(new { showLastSeen = "no" });

        await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "request.invalid");
        Assert.True((await a.MeAsync()).ShowLastSeen);
    }

    [Fact]
    public async Task TheConversationABlockCreatesIsNotListedToTheBlockedUserAndOpensAsNew()
    {
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();
        var block = await a.BlockOkAsync(b.Id);

        Assert.DoesNotContain((await b.ConversationsAsync()).Items, c => c.Id == block.ConversationId);
        Assert.True(Assert.Single((await a.ConversationsAsync()).Items, c => c.Id == block.ConversationId).BlockedByMe);

        var opened = await b.OpenDirectRawAsync(a.Id);
        var body = await HttpAssert.OkAsync<ConversationBody>(opened, HttpStatusCode.Created);
        Assert.Equal(block.ConversationId, body.Id);
        Assert.Contains((await b.ConversationsAsync()).Items, c => c.Id == block.ConversationId);
        await HttpAssert.OkAsync<ConversationBody>(await b.OpenDirectRawAsync(a.Id), HttpStatusCode.OK);
        await HttpAssert.OkAsync<ConversationBody>(await a.OpenDirectRawAsync(b.Id), HttpStatusCode.OK);
    }

    [Fact]
    public async Task ADirectConversationIsListedToTheOtherUserOnceItHasAMessageForThem()
    {
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();
        var conversation = await a.OpenDirectAsync(b.Id);
        Assert.DoesNotContain((await b.ConversationsAsync()).Items, c => c.Id == conversation.Id);

        await a.SendOkAsync(conversation.Id);

        Assert.Contains((await b.ConversationsAsync()).Items, c => c.Id == conversation.Id);
        await HttpAssert.OkAsync<ConversationBody>(await b.OpenDirectRawAsync(a.Id), HttpStatusCode.Created);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteHardeningApiTests(SqliteChatApp app) : HardeningApiTests(app);

[Collection(PostgresApiCollection.Name)]
public sealed class PostgresHardeningApiTests(PostgresChatApp app) : HardeningApiTests(app);
