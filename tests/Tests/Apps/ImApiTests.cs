using System.Net;
using System.Net.Http.Headers;
using ChatBlock.Tests.Dialects;
using ChatBlock.Tests.Infrastructure;

namespace ChatBlock.Tests.Apps;

/// <summary>
/// The IM API of seeds 001/004 (SPEC section 8), every documented answer replayed field by field against the real gateway: the
/// seeds' example request and its block status, the four documented errors word for word, and the unblock, list and relationship
/// routes in the same envelope.
/// </summary>
public abstract class ImApiTests(ChatApp app)
{
    private const string Avatar = "http://loremflickr.com/240/240/style?1628093667";

    private static string Error(int rc, string rm, string code, string message) => $$"""
        {"RC": {{rc}}, "RM": "{{rm}}", "error": {"code": "{{code}}", "message": "{{message}}"} }
        """;

    private static readonly string Unauthorized = Error(401, "Unauthorized", "INVALID_TOKEN", "Invalid or expired token");

    [Fact]
    public async Task TheSeedsExampleRequestAnswersTheSeedsBlockStatus()
    {
        var aaa = await app.CreateUserAsync(TestApps.Sample, TestApps.NewExternalId("aaa"), "Alice");
        var ccc = await app.CreateUserAsync(TestApps.Sample, TestApps.NewExternalId("ccc"), "Cathy", Avatar);
        await ccc.Bearer.MeAsync(); // ccc has been active: lastLoginTimeMS is a number
        var lastSeen = (await aaa.Bearer.ProfileAsync(ccc.Id)).LastSeenAt!.Value.ToUnixTimeMilliseconds();

        // POST /blockStatus/my/ccc HTTP/1.1, IM-CLIENT-KEY, IM-Authorization, Connection: close (seeds 001/004).
        var request = new HttpRequestMessage(HttpMethod.Post, $"/blockStatus/my/{ccc.ExternalId}");
        request.Headers.ConnectionClose = true;
        var body = await DialectAssert.AnswerAsync(await aaa.Im.SendAsync(request), HttpStatusCode.OK, $$"""
            {
              "RC": 0,
              "RM": "OK",
              "result": {
                "appID": "SampleApp",
                "blockee": {"_id": "{{ccc.ExternalId}}", "avatarUrl": "{{Avatar}}", "nickname": "Cathy", "id": "{{ccc.ExternalId}}",
                  "lastLoginTimeMS": {{lastSeen}}},
                "blocker": "{{aaa.ExternalId}}",
                "room": "<uuid>",
                "createdAt": "<jsdate>",
                "updatedAt": "<jsdate>"
              }
            }
            """);

        // The room is the pair's direct conversation, and the block is an ordinary block: sends refused both ways.
        var room = Guid.Parse(body.GetProperty("result").GetProperty("room").GetString()!);
        var conversation = await aaa.Bearer.ConversationAsync(room);
        Assert.Equal(["direct"], [conversation.Kind]);
        await HttpAssert.ProblemAsync(await ccc.Bearer.SendAsync(room), HttpStatusCode.Forbidden, "message.blocked_by_recipient");
        await HttpAssert.ProblemAsync(await aaa.Bearer.SendAsync(room), HttpStatusCode.Forbidden, "message.recipient_blocked");
        Assert.True((await aaa.Bearer.RelationshipAsync(ccc.Id)).BlockedByMe);
    }

    [Fact]
    public async Task TheSecondExampleBlocksAnotherUserWithNoActivity()
    {
        var aaa = await app.CreateUserAsync(TestApps.Sample, TestApps.NewExternalId("aaa"));
        var user123 = await app.CreateUserAsync(TestApps.Sample, TestApps.NewExternalId("user123"), "User 123");

        await DialectAssert.AnswerAsync(await aaa.Im.PostAsync($"/blockStatus/my/{user123.ExternalId}", null), HttpStatusCode.OK, $$"""
            {"RC": 0, "RM": "OK", "result": {"appID": "SampleApp",
              "blockee": {"_id": "{{user123.ExternalId}}", "avatarUrl": null, "nickname": "User 123", "id": "{{user123.ExternalId}}",
                "lastLoginTimeMS": null},
              "blocker": "{{aaa.ExternalId}}", "room": "<uuid>", "createdAt": "<jsdate>", "updatedAt": "<jsdate>"} }
            """);
    }

    [Fact]
    public async Task TheFourDocumentedErrorsAnswerWordForWord()
    {
        var aaa = await app.CreateUserAsync(TestApps.Sample, TestApps.NewExternalId("aaa"));
        var ccc = await app.CreateUserAsync(TestApps.Sample, TestApps.NewExternalId("ccc"));
        await aaa.Im.PostAsync($"/blockStatus/my/{ccc.ExternalId}", null);

        await DialectAssert.AnswerAsync(await Anonymous(TestApps.ClientKey(TestApps.Sample), null)
            .PostAsync($"/blockStatus/my/{ccc.ExternalId}", null), HttpStatusCode.Unauthorized, Unauthorized);
        await DialectAssert.AnswerAsync(await aaa.Im.PostAsync($"/blockStatus/my/{TestApps.NewExternalId("nobody")}", null),
            HttpStatusCode.NotFound, Error(404, "User not found", "USER_NOT_FOUND", "The specified user does not exist"));
        await DialectAssert.AnswerAsync(await aaa.Im.PostAsync($"/blockStatus/my/{aaa.ExternalId}", null),
            HttpStatusCode.BadRequest, Error(400, "Cannot block yourself", "SELF_BLOCK_FORBIDDEN", "Users cannot block themselves"));
        await DialectAssert.AnswerAsync(await aaa.Im.PostAsync($"/blockStatus/my/{ccc.ExternalId}", null),
            HttpStatusCode.Conflict, Error(409, "User already blocked", "USER_ALREADY_BLOCKED", "This user is already in your block list"));
    }

    [Fact]
    public async Task ARepeatWithTheSameIdempotencyKeyAnswersTheFirstAnswer()
    {
        var aaa = await app.CreateUserAsync(TestApps.Sample, TestApps.NewExternalId("aaa"));
        var ccc = await app.CreateUserAsync(TestApps.Sample, TestApps.NewExternalId("ccc"));
        var key = Guid.NewGuid().ToString();

        async Task<HttpResponseMessage> BlockAsync()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/blockStatus/my/{ccc.ExternalId}");
            request.Headers.Add("Idempotency-Key", key);
            return await aaa.Im.SendAsync(request);
        }

        var first = await BlockAsync();
        var repeat = await BlockAsync();

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, repeat.StatusCode));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await repeat.Content.ReadAsStringAsync());
        Assert.True(repeat.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(HttpStatusCode.Conflict, (await aaa.Im.PostAsync($"/blockStatus/my/{ccc.ExternalId}", null)).StatusCode);
    }

    [Fact]
    public async Task EveryBadCredentialIsTheSeedsUnauthorizedAndChangesNothing()
    {
        var aaa = await app.CreateUserAsync(TestApps.Sample, TestApps.NewExternalId("aaa"));
        var ccc = await app.CreateUserAsync(TestApps.Sample, TestApps.NewExternalId("ccc"));
        var other = await app.CreateUserAsync(TestApps.Other, TestApps.NewExternalId("ooo"));
        var registered = await app.RegisterAsync();
        var path = $"/blockStatus/my/{ccc.ExternalId}";

        HttpClient[] refused =
        [
            Anonymous(null, aaa.Token), // no client key
            Anonymous(TestApps.ClientKey(TestApps.Sample), null), // no token
            Anonymous("not-a-client-key", aaa.Token), // wrong client key
            Anonymous(TestApps.ClientKey(TestApps.Other), aaa.Token), // the client key of another app than the token's
            Anonymous(TestApps.ClientKey(TestApps.Other), other.Token[..^4] + "AAAA"), // a forged signature
            Anonymous(TestApps.ClientKey(TestApps.Sample), "not.a.token"),
            Anonymous(TestApps.ClientKey(TestApps.Sample), registered.Token), // a 'default' account has no client key
            Anonymous(TestApps.ClientKey(TestApps.Sample), TestApps.ServerKey(TestApps.Sample)), // a server key is no token
        ];
        foreach (var client in refused)
        {
            await DialectAssert.AnswerAsync(await client.PostAsync(path, null), HttpStatusCode.Unauthorized, Unauthorized);
        }

        // An Authorization header does not stand in for IM-Authorization.
        var bearerOnly = Anonymous(TestApps.ClientKey(TestApps.Sample), null);
        bearerOnly.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", aaa.Token);
        await DialectAssert.AnswerAsync(await bearerOnly.PostAsync(path, null), HttpStatusCode.Unauthorized, Unauthorized);

        Assert.False((await aaa.Bearer.RelationshipAsync(ccc.Id)).BlockedByMe);
        Assert.Empty((await aaa.Bearer.BlocksAsync()).Items);
    }

    [Fact]
    public async Task ABadUserIdIsAClearErrorInTheEnvelope()
    {
        var aaa = await app.CreateUserAsync(TestApps.Sample, TestApps.NewExternalId("aaa"));

        await DialectAssert.AnswerAsync(await aaa.Im.PostAsync("/blockStatus/my/bad%20id", null), HttpStatusCode.BadRequest, """
            {"RC": 400, "RM": "Invalid user ID", "error": {"code": "INVALID_USER_ID",
              "message": "A user ID is 1-128 characters of A-Z, a-z, 0-9, '_', '.', '@', ':' or '-'"}}
            """);
        await DialectAssert.AnswerAsync(await aaa.Im.GetAsync($"/blockStatus/my/{new string('x', 129)}"), HttpStatusCode.BadRequest,
            """{"RC": 400, "RM": "Invalid user ID", "error": {"code": "INVALID_USER_ID", "message": "<string>"}}""");
    }

    [Fact]
    public async Task UnblockAnswersInTheEnvelopeAndThenNotBlocked()
    {
        var aaa = await app.CreateUserAsync(TestApps.Sample, TestApps.NewExternalId("aaa"));
        var ccc = await app.CreateUserAsync(TestApps.Sample, TestApps.NewExternalId("ccc"));
        await aaa.Im.PostAsync($"/blockStatus/my/{ccc.ExternalId}", null);

        await DialectAssert.AnswerAsync(await aaa.Im.DeleteAsync($"/blockStatus/my/{ccc.ExternalId}"), HttpStatusCode.OK, $$"""
            {"RC": 0, "RM": "OK", "result": {"appID": "SampleApp", "blocker": "{{aaa.ExternalId}}", "blockee": "{{ccc.ExternalId}}",
              "unblockedAt": "<jsdate>"} }
            """);
        await DialectAssert.AnswerAsync(await aaa.Im.DeleteAsync($"/blockStatus/my/{ccc.ExternalId}"), HttpStatusCode.NotFound,
            Error(404, "User not blocked", "NOT_BLOCKED", "This user is not in your block list"));
        await DialectAssert.AnswerAsync(await aaa.Im.DeleteAsync($"/blockStatus/my/{TestApps.NewExternalId("nobody")}"),
            HttpStatusCode.NotFound, Error(404, "User not found", "USER_NOT_FOUND", "The specified user does not exist"));

        var conversation = await aaa.Bearer.OpenDirectAsync(ccc.Id);
        await ccc.Bearer.SendOkAsync(conversation.Id);
    }

    [Fact]
    public async Task TheListIsNewestFirstInPagesOfBlockStatuses()
    {
        var aaa = await app.CreateUserAsync(TestApps.Sample, TestApps.NewExternalId("aaa"));
        var first = await app.CreateUserAsync(TestApps.Sample, TestApps.NewExternalId("first"));
        var second = await app.CreateUserAsync(TestApps.Sample, TestApps.NewExternalId("second"));
        await aaa.Im.PostAsync($"/blockStatus/my/{first.ExternalId}", null);
        await aaa.Im.PostAsync($"/blockStatus/my/{second.ExternalId}", null);

        var page = await DialectAssert.AnswerAsync(await aaa.Im.GetAsync("/blockStatus/my?limit=1"), HttpStatusCode.OK, $$"""
            {"RC": 0, "RM": "OK", "result": {"items": [{"appID": "SampleApp",
              "blockee": {"_id": "{{second.ExternalId}}", "avatarUrl": null, "nickname": "{{second.ExternalId}}",
                "id": "{{second.ExternalId}}", "lastLoginTimeMS": null},
              "blocker": "{{aaa.ExternalId}}", "room": "<uuid>", "createdAt": "<jsdate>", "updatedAt": "<jsdate>"}],
              "nextCursor": "<string>"} }
            """);
        var cursor = page.GetProperty("result").GetProperty("nextCursor").GetString()!;
        var last = await DialectAssert.AnswerAsync(
            await aaa.Im.GetAsync($"/blockStatus/my?limit=1&cursor={Uri.EscapeDataString(cursor)}"), HttpStatusCode.OK, $$"""
            {"RC": 0, "RM": "OK", "result": {"items": [{"appID": "SampleApp",
              "blockee": {"_id": "{{first.ExternalId}}", "avatarUrl": null, "nickname": "{{first.ExternalId}}",
                "id": "{{first.ExternalId}}", "lastLoginTimeMS": null},
              "blocker": "{{aaa.ExternalId}}", "room": "<uuid>", "createdAt": "<jsdate>", "updatedAt": "<jsdate>"}],
              "nextCursor": null} }
            """);
        var room = last.GetProperty("result").GetProperty("items")[0].GetProperty("room").GetString();
        Assert.Equal((await aaa.Bearer.OpenDirectAsync(first.Id)).Id.ToString(), room);

        await DialectAssert.AnswerAsync(await aaa.Im.GetAsync("/blockStatus/my?limit=0"), HttpStatusCode.BadRequest, """
            {"RC": 400, "RM": "Bad request",
              "error": {"code": "INVALID_REQUEST", "message": "'limit' must be an integer from 1 to 100."}}
            """);
        await DialectAssert.AnswerAsync(await aaa.Im.GetAsync("/blockStatus/my?cursor=nonsense"), HttpStatusCode.BadRequest, """
            {"RC": 400, "RM": "Bad request",
              "error": {"code": "INVALID_REQUEST", "message": "'cursor' is not a cursor this service returned."}}
            """);
    }

    [Fact]
    public async Task TheRelationshipAnswersBothSidesUnderExplicit()
    {
        var aaa = await app.CreateUserAsync(TestApps.Sample, TestApps.NewExternalId("aaa"));
        var ccc = await app.CreateUserAsync(TestApps.Sample, TestApps.NewExternalId("ccc"));
        await aaa.Im.PostAsync($"/blockStatus/my/{ccc.ExternalId}", null);

        await DialectAssert.AnswerAsync(await aaa.Im.GetAsync($"/blockStatus/my/{ccc.ExternalId}"), HttpStatusCode.OK, """
            {"RC": 0, "RM": "OK", "result": {"blockedByMe": true, "blockedMe": false, "canMessage": false}}
            """);
        await DialectAssert.AnswerAsync(await ccc.Im.GetAsync($"/blockStatus/my/{aaa.ExternalId}"), HttpStatusCode.OK, """
            {"RC": 0, "RM": "OK", "result": {"blockedByMe": false, "blockedMe": true, "canMessage": false}}
            """);
        await DialectAssert.AnswerAsync(await ccc.Im.GetAsync($"/blockStatus/my/{TestApps.NewExternalId("nobody")}"),
            HttpStatusCode.NotFound, Error(404, "User not found", "USER_NOT_FOUND", "The specified user does not exist"));
    }

    private HttpClient Anonymous(string? clientKey, string? token)
    {
        var client = app.CreateClient();
        if (clientKey is not null)
        {
            client.DefaultRequestHeaders.Add("IM-CLIENT-KEY", clientKey);
        }

        if (token is not null)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation("IM-Authorization", token);
        }

        return client;
    }
}

[Collection(SqliteAppsCollection.Name)]
public sealed class SqliteImApiTests(SqliteAppsChatApp app) : ImApiTests(app);

[Collection(PostgresAppsCollection.Name)]
public sealed class PostgresImApiTests(PostgresAppsChatApp app) : ImApiTests(app);
