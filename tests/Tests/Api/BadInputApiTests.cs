using System.Net;
using System.Net.Http.Json;
using System.Text;
using ChatBlock.Tests.Infrastructure;

namespace ChatBlock.Tests.Api;

/// <summary>Bad input gets its problem-details error and changes nothing.</summary>
public abstract class BadInputApiTests(ChatApp app)
{
    [Theory]
    [InlineData("POST", "/api/v1/users/not-a-uuid/block")]
    [InlineData("DELETE", "/api/v1/users/123/block")]
    [InlineData("GET", "/api/v1/users/zzz")]
    [InlineData("GET", "/api/v1/users/zzz/relationship")]
    [InlineData("GET", "/api/v1/conversations/abc")]
    [InlineData("POST", "/api/v1/conversations/abc/messages")]
    [InlineData("GET", "/api/v1/conversations/abc/messages")]
    [InlineData("POST", "/api/v1/conversations/abc/block")]
    [InlineData("POST", "/api/v1/conversations/abc/unblock")]
    public async Task MalformedIdInThePathIsInvalidId(string method, string path)
    {
        var a = await app.RegisterAsync();

        var response = await a.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = new StringContent("""{"content":"x"}""", Encoding.UTF8, "application/json"),
        });

        await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "request.invalid_id");
    }

    [Fact]
    public async Task MalformedIdsInBodiesAndQueriesAreInvalidId()
    {
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();
        var conversation = await a.OpenDirectAsync(b.Id);

        await HttpAssert.ProblemAsync(
            await a.Client.PostAsJsonAsync("/api/v1/conversations/direct", new { userId = "nope" }),
            HttpStatusCode.BadRequest, "request.invalid_id");
        await HttpAssert.ProblemAsync(
            await a.Client.PostAsJsonAsync("/api/v1/conversations/group", new { title = "t", memberIds = new[] { b.Id.ToString(), "x" } }),
            HttpStatusCode.BadRequest, "request.invalid_id");
        await HttpAssert.ProblemAsync(
            await a.Client.GetAsync($"/api/v1/conversations/{conversation.Id}/messages?before=xyz"),
            HttpStatusCode.BadRequest, "request.invalid_id");
        Assert.Single((await a.ConversationsAsync()).Items);
    }

    [Fact]
    public async Task MalformedJsonIsAProblemAndStoresNothing()
    {
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();
        var conversation = await a.OpenDirectAsync(b.Id);

        var response = await a.Client.PostAsync(
            $"/api/v1/conversations/{conversation.Id}/messages", new StringContent("{\"content\": ", Encoding.UTF8, "application/json"));

        await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "request.invalid");
        Assert.Empty((await a.MessagesAsync(conversation.Id)).Items);
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"content":""}""")]
    [InlineData("""{"content":"   "}""")]
    [InlineData("""{"content":"hi","messageType":"sticker"}""")]
    public async Task InvalidMessagesAreRefusedAndNotStored(string body)
    {
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();
        var conversation = await a.OpenDirectAsync(b.Id);

        var response = await a.Client.PostAsync(
            $"/api/v1/conversations/{conversation.Id}/messages", new StringContent(body, Encoding.UTF8, "application/json"));

        await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "message.invalid");
        Assert.Empty((await a.MessagesAsync(conversation.Id)).Items);
    }

    [Fact]
    public async Task OversizedContentIsRefusedButTheLimitItselfIsAccepted()
    {
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();
        var conversation = await a.OpenDirectAsync(b.Id);

        await HttpAssert.ProblemAsync(
            await a.SendAsync(conversation.Id, new string('x', 4001)), HttpStatusCode.BadRequest, "message.invalid");
        await a.SendOkAsync(conversation.Id, new string('x', 4000));
        // 4000 emoji are 8000 UTF-16 units but 4000 characters.
        await a.SendOkAsync(conversation.Id, string.Concat(Enumerable.Repeat("😀", 4000)));

        Assert.Equal(2, (await a.MessagesAsync(conversation.Id)).Items.Count);
    }

    [Fact]
    public async Task AnotherUsersConversationIsNotFoundAndUntouched()
    {
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();
        var outsider = await app.RegisterAsync();
        var conversation = await a.OpenDirectAsync(b.Id);
        await a.SendOkAsync(conversation.Id, "private");

        await HttpAssert.ProblemAsync(
            await outsider.Client.GetAsync($"/api/v1/conversations/{conversation.Id}"), HttpStatusCode.NotFound, "conversation.not_found");
        await HttpAssert.ProblemAsync(
            await outsider.SendAsync(conversation.Id, "intrusion"), HttpStatusCode.NotFound, "conversation.not_found");
        await HttpAssert.ProblemAsync(await outsider.SendAsync(conversation.Id, ""), HttpStatusCode.BadRequest, "message.invalid");
        await HttpAssert.ProblemAsync(
            await outsider.Client.GetAsync($"/api/v1/conversations/{conversation.Id}/messages"),
            HttpStatusCode.NotFound, "conversation.not_found");
        await HttpAssert.ProblemAsync(await outsider.SendAsync(Guid.NewGuid()), HttpStatusCode.NotFound, "conversation.not_found");
        Assert.Equal(["private"], (await b.MessagesAsync(conversation.Id)).Items.Select(m => m.Content));
    }

    [Theory]
    [InlineData("Bearer not-a-token")]
    [InlineData("Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl")]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData(null)]
    public async Task MissingOrWrongTokenIsUnauthorized(string? authorization)
    {
        using var client = app.CreateClient();
        if (authorization is not null)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);
        }

        await HttpAssert.ProblemAsync(await client.GetAsync("/api/v1/users/me"), HttpStatusCode.Unauthorized, "auth.unauthorized");
        await HttpAssert.ProblemAsync(
            await client.PostAsync($"/api/v1/users/{Guid.NewGuid()}/block", null), HttpStatusCode.Unauthorized, "auth.unauthorized");
    }

    [Fact]
    public async Task UnknownRoutesAndWrongMethodsAreProblems()
    {
        var a = await app.RegisterAsync();

        await HttpAssert.ProblemAsync(await a.Client.GetAsync("/api/v1/nothing-here"), HttpStatusCode.NotFound, "route.not_found");
        await HttpAssert.ProblemAsync(
            await a.Client.PutAsync("/api/v1/users/me", null), HttpStatusCode.MethodNotAllowed, "request.method_not_allowed");
    }

    [Fact]
    public async Task GroupsNeedATitleAndExistingMembers()
    {
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();

        await HttpAssert.ProblemAsync(
            await a.Client.PostAsJsonAsync("/api/v1/conversations/group", new { title = "", memberIds = new[] { b.Id } }),
            HttpStatusCode.BadRequest, "request.invalid");
        await HttpAssert.ProblemAsync(
            await a.Client.PostAsJsonAsync("/api/v1/conversations/group", new { title = "t" }),
            HttpStatusCode.BadRequest, "request.invalid");
        await HttpAssert.ProblemAsync(
            await a.Client.PostAsJsonAsync("/api/v1/conversations/group", new { title = "t", memberIds = new[] { a.Id } }),
            HttpStatusCode.BadRequest, "request.invalid");
        await HttpAssert.ProblemAsync(
            await a.Client.PostAsJsonAsync("/api/v1/conversations/group", new { title = "t", memberIds = new[] { b.Id, Guid.NewGuid() } }),
            HttpStatusCode.NotFound, "user.not_found");
        Assert.Empty((await a.ConversationsAsync()).Items);
    }

    [Fact]
    public async Task DirectConversationWithYourselfOrNobodyIsRefused()
    {
        var a = await app.RegisterAsync();

        await HttpAssert.ProblemAsync(
            await a.Client.PostAsJsonAsync("/api/v1/conversations/direct", new { userId = a.Id }),
            HttpStatusCode.BadRequest, "conversation.self");
        await HttpAssert.ProblemAsync(
            await a.Client.PostAsJsonAsync("/api/v1/conversations/direct", new { userId = Guid.NewGuid() }),
            HttpStatusCode.NotFound, "user.not_found");
        await HttpAssert.ProblemAsync(
            await a.Client.PostAsJsonAsync("/api/v1/conversations/direct", new { }), HttpStatusCode.BadRequest, "request.invalid");
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteBadInputApiTests(SqliteChatApp app) : BadInputApiTests(app);

[Collection(PostgresApiCollection.Name)]
public sealed class PostgresBadInputApiTests(PostgresChatApp app) : BadInputApiTests(app);
