using System.Net;
using ChatBlock.Tests.Infrastructure;

namespace ChatBlock.Tests.Dialects;

/// <summary>
/// Seed 002 (<c>POST /api/v1/users/block/:userId</c>), every documented answer replayed against the real gateway (SPEC section 9):
/// <c>{"success":true}</c> and the <c>{"success":false,"error":{code,message,i18nKey,correlationId}}</c> envelope.
/// </summary>
[Collection(SqliteCollection.Name)]
public sealed class Seed002DialectTests(SqliteChatApp app)
{
    private static string Error(string code, string message) => $$"""
        {"success": false, "error": {"code": "{{code}}", "message": "{{message}}", "i18nKey": "{{code}}", "correlationId": "<string>"} }
        """;

    [Fact]
    public async Task BlockAnswersSuccessOnlyAndIsAnOrdinaryBlock()
    {
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();

        await DialectAssert.AnswerAsync(await a.Client.PostAsync($"/api/v1/users/block/{b.Id}", null), HttpStatusCode.OK, """
            {"success": true}
            """);

        var relationship = await HttpAssert.OkAsync<RelationshipBody>(await a.Client.GetAsync($"/api/v1/users/{b.Id}/relationship"));
        Assert.True(relationship.BlockedByMe);
    }

    [Fact]
    public async Task DocumentedErrorsUseTheSeedEnvelopeWithSectionFourCodes()
    {
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();
        await a.Client.PostAsync($"/api/v1/users/block/{b.Id}", null);

        await DialectAssert.AnswerAsync(await a.Client.PostAsync($"/api/v1/users/block/{a.Id}", null), HttpStatusCode.BadRequest,
            Error("user.block.self", "You cannot block yourself."));
        // The seed's "Try it" request: curl -X POST ".../api/v1/users/block/string".
        await DialectAssert.AnswerAsync(await a.Client.PostAsync("/api/v1/users/block/string", null), HttpStatusCode.BadRequest,
            Error("request.invalid_id", "An id is malformed."));
        await DialectAssert.AnswerAsync(await app.CreateClient().PostAsync($"/api/v1/users/block/{b.Id}", null),
            HttpStatusCode.Unauthorized, Error("auth.unauthorized", "A valid bearer token is required."));
        await DialectAssert.AnswerAsync(await a.Client.PostAsync($"/api/v1/users/block/{Guid.NewGuid()}", null),
            HttpStatusCode.NotFound, Error("user.not_found", "User not found."));
        await DialectAssert.AnswerAsync(await a.Client.PostAsync($"/api/v1/users/block/{b.Id}", null), HttpStatusCode.Conflict,
            Error("user.block.already_blocked", "You already block this user."));
    }

    [Fact]
    public async Task CorrelationIdIsTheRequestsTraceId()
    {
        var a = await app.RegisterAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/users/block/{a.Id}");
        request.Headers.Add("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");

        var body = await DialectAssert.AnswerAsync(await a.Client.SendAsync(request), HttpStatusCode.BadRequest,
            Error("user.block.self", "You cannot block yourself."));

        Assert.Contains("0af7651916cd43dd8448eb211c80319c", body.GetProperty("error").GetProperty("correlationId").GetString());
    }

    [Fact]
    public async Task SectionFourBlockRouteStillAnswersProblemDetails()
    {
        var a = await app.RegisterAsync();

        await HttpAssert.ProblemAsync(await a.Client.PostAsync($"/api/v1/users/{a.Id}/block", null), HttpStatusCode.BadRequest,
            "user.block.self");
        await HttpAssert.ProblemAsync(await app.CreateClient().PostAsync($"/api/v1/users/{a.Id}/block", null),
            HttpStatusCode.Unauthorized, "auth.unauthorized");
    }
}
