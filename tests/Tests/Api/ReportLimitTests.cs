using System.Net;
using ChatBlock.Tests.Infrastructure;

namespace ChatBlock.Tests.Api;

/// <summary>
/// Reports have their own rate limit (SPEC section 10, <c>Blocking:RateLimit:ReportsPerDay</c>), apart from the block limit: over
/// it, a report and block is refused whole (<c>429 rate_limited</c> with <c>Retry-After</c>), while a plain block still works.
/// </summary>
public sealed class ReportLimitTests
{
    [Fact]
    public async Task ReportsOverTheDailyLimitAreRefusedWholeWhilePlainBlocksGoOn()
    {
        using var app = new ChatApp(settings: new Dictionary<string, string?> { ["Blocking:RateLimit:ReportsPerDay"] = "2" });
        var a = await app.RegisterAsync();
        var others = new List<TestUser>();
        for (var i = 0; i < 4; i++)
        {
            others.Add(await app.RegisterAsync());
        }

        await a.BlockWithOkAsync(others[0].Id, new { report = new { reason = "spam" } });
        await a.BlockWithOkAsync(others[1].Id, new { report = new { reason = "other" } });
        var refused = await a.BlockWithAsync(others[2].Id, new { report = new { reason = "spam" } });

        await HttpAssert.ProblemAsync(refused, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.False((await a.RelationshipAsync(others[2].Id)).BlockedByMe);
        Assert.Null((await a.BlockOkAsync(others[3].Id)).ReportId);
    }
}
