using System.Net;
using ChatBlock.Tests.Dialects;
using ChatBlock.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChatBlock.Tests.Apps;

/// <summary>
/// The IM API under settings other than the defaults: the block limit's 429 in the envelope, an expired client token, and what a
/// blocked user learns under the disclosure policies of SPEC section 5.
/// </summary>
public sealed class AppPolicyTests
{
    [Fact]
    public async Task TheBlockLimitAnswersRateLimitedWithRetryAfter()
    {
        using var app = new ChatApp(
            "Sqlite", TestApps.With(new Dictionary<string, string?> { ["Blocking:RateLimit:PermitsPerHour"] = "1" }));
        var aaa = await app.CreateUserAsync(TestApps.Sample, "aaa");
        var (ccc, user123) = (await app.CreateUserAsync(TestApps.Sample, "ccc"), await app.CreateUserAsync(TestApps.Sample, "user123"));
        Assert.Equal(HttpStatusCode.OK, (await aaa.Im.PostAsync($"/blockStatus/my/{ccc.ExternalId}", null)).StatusCode);

        var refused = await aaa.Im.PostAsync($"/blockStatus/my/{user123.ExternalId}", null);

        await DialectAssert.AnswerAsync(refused, HttpStatusCode.TooManyRequests, """
            {"RC": 429, "RM": "Too many requests",
              "error": {"code": "RATE_LIMITED", "message": "Too many block requests; try again after the time in Retry-After"}}
            """);
        Assert.InRange(refused.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 3500, 3600);
        Assert.False((await aaa.Bearer.RelationshipAsync(user123.Id)).BlockedByMe);
    }

    [Fact]
    public async Task AnExpiredClientTokenIsTheSeedsUnauthorized()
    {
        var clock = new ManualClock();
        using var app = new ChatApp("Sqlite", TestApps.Settings(), services: s => s.AddSingleton<TimeProvider>(clock));
        clock.Advance(TimeSpan.FromDays(-1));
        var aaa = await app.CreateUserAsync(TestApps.Sample, "aaa");
        var ccc = await app.CreateUserAsync(TestApps.Sample, "ccc");
        clock.Advance(TimeSpan.FromDays(1));

        await DialectAssert.AnswerAsync(await aaa.Im.PostAsync($"/blockStatus/my/{ccc.ExternalId}", null), HttpStatusCode.Unauthorized, """
            {"RC": 401, "RM": "Unauthorized", "error": {"code": "INVALID_TOKEN", "message": "Invalid or expired token"}}
            """);
        await HttpAssert.ProblemAsync(await aaa.Bearer.GetMeAsync(), HttpStatusCode.Unauthorized, "auth.unauthorized");
    }

    [Fact]
    public async Task KeysAndTokensAreNeverLogged()
    {
        var logs = new LogCapture();
        using var app = new ChatApp("Sqlite", TestApps.Settings(), services: s => s.AddSingleton<ILoggerProvider>(logs));
        var aaa = await app.CreateUserAsync(TestApps.Sample, "aaa");
        var ccc = await app.CreateUserAsync(TestApps.Sample, "ccc");
        await aaa.Im.PostAsync($"/blockStatus/my/{ccc.ExternalId}", null);
        var wrongKey = TestApps.ServerKey(TestApps.Sample)[..^1] + "!";
        await app.ServerClient(TestApps.Sample, wrongKey).PutUserAsync(TestApps.Sample, "aaa", "Mallory");
        await app.ServerClient(TestApps.Sample, TestApps.ServerKey(TestApps.Sample)).GetAsync("/api/v1/users/me");

        Assert.NotEmpty(logs.Entries);
        foreach (var secret in new[] { TestApps.ServerKey(TestApps.Sample), wrongKey, aaa.Token, ccc.Token })
        {
            Assert.DoesNotContain(logs.Entries, e => e.Message.Contains(secret, StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("Discreet", null, HttpStatusCode.Forbidden)]
    [InlineData("Shadow", true, HttpStatusCode.Created)]
    public async Task ABlockedUserLearnsWhatThePolicyDiscloses(string policy, bool? canMessage, HttpStatusCode send)
    {
        using var app = new ChatApp("Sqlite", TestApps.With(new Dictionary<string, string?> { ["Blocking:Disclosure"] = policy }));
        var (aaa, ccc) = (await app.CreateUserAsync(TestApps.Sample, "aaa"), await app.CreateUserAsync(TestApps.Sample, "ccc"));
        var room = (await aaa.Bearer.OpenDirectAsync(ccc.Id)).Id;
        Assert.Equal(HttpStatusCode.OK, (await aaa.Im.PostAsync($"/blockStatus/my/{ccc.ExternalId}", null)).StatusCode);

        var expected = canMessage is null ? "null" : "true";
        await DialectAssert.AnswerAsync(await ccc.Im.GetAsync($"/blockStatus/my/{aaa.ExternalId}"), HttpStatusCode.OK, $$"""
            {"RC": 0, "RM": "OK", "result": {"blockedByMe": false, "blockedMe": null, "canMessage": {{expected}}} }
            """);
        var sent = await ccc.Bearer.SendAsync(room);
        Assert.Equal(send, sent.StatusCode);
        if (send == HttpStatusCode.Forbidden)
        {
            await HttpAssert.ProblemAsync(sent, HttpStatusCode.Forbidden, "message.not_delivered");
        }

        Assert.Empty((await aaa.Bearer.MessagesAsync(room)).Items);
    }
}
