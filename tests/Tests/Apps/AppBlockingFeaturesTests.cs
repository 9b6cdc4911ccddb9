using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ChatBlock.Tests.Api;
using ChatBlock.Tests.Infrastructure;

namespace ChatBlock.Tests.Apps;

/// <summary>
/// The blocking features of SPEC section 10 for an app's users (SPEC section 8): an import names users of the importer's app
/// only, an app's moderators read its own reports with its server key, and the IM API's block takes the timed-block body.
/// </summary>
public abstract class AppBlockingFeaturesTests(ChatApp app)
{
    [Fact]
    public async Task AnImportFindsOnlyUsersOfTheImportersApp()
    {
        var same = TestApps.NewExternalId("Same");
        var (importer, mine) = (await app.CreateUserAsync(TestApps.Sample, TestApps.NewExternalId("i")),
            await app.CreateUserAsync(TestApps.Sample, same));
        var theirs = await app.CreateUserAsync(TestApps.Other, TestApps.NewExternalId("t"));
        var registered = await app.RegisterAsync();
        var body = JsonSerializer.Serialize(new
        {
            items = new object[]
            {
                new { username = same }, new { userId = theirs.Id }, new { userId = registered.Id }, new { username = registered.Username },
            },
        });

        var result = await importer.Bearer.ImportOkAsync(body, "application/json", "merge", dryRun: false);

        Assert.Equal([same], result.Added);
        Assert.Equal([theirs.Id.ToString(), registered.Id.ToString(), registered.Username], result.Unknown);
        Assert.Equal(new[] { mine.Id }, (await importer.Bearer.BlockedIdsAsync()).ToArray());
    }

    [Fact]
    public async Task ModeratorsReadTheirAppsReportsWithTheServerKeyOnly()
    {
        var (a, b) = (await app.CreateUserAsync(TestApps.Sample, TestApps.NewExternalId("a")),
            await app.CreateUserAsync(TestApps.Sample, TestApps.NewExternalId("b")));
        var conversation = await a.Bearer.OpenDirectAsync(b.Id);
        var message = await b.Bearer.SendOkAsync(conversation.Id, "nasty words");
        var block = await a.Bearer.BlockWithOkAsync(
            b.Id, new { report = new { reason = "harassment", messageIds = new[] { message.Id }, comment = "again" } });

        var page = await HttpAssert.OkAsync<ReportPage>(
            await app.ServerClient(TestApps.Sample).GetAsync($"/api/v1/apps/{TestApps.Sample}/reports?limit=100"));
        var report = Assert.Single(page.Items, r => r.Id == block.ReportId);
        Assert.Equal((a.ExternalId, b.ExternalId, "harassment", "again"), (report.Reporter.ExternalId, report.Reported.ExternalId,
            report.Reason, report.Comment));
        Assert.Equal("nasty words", Assert.Single(report.Messages).Content);

        // Another app's key, or its own route: nothing of this app's reports.
        await HttpAssert.ProblemAsync(
            await app.ServerClient(TestApps.Other).GetAsync($"/api/v1/apps/{TestApps.Sample}/reports"), HttpStatusCode.Unauthorized,
            "auth.unauthorized");
        var other = await HttpAssert.OkAsync<ReportPage>(
            await app.ServerClient(TestApps.Other).GetAsync($"/api/v1/apps/{TestApps.Other}/reports?limit=100"));
        Assert.DoesNotContain(other.Items, r => r.Id == block.ReportId);
        await HttpAssert.ProblemAsync(
            await a.Bearer.Client.GetAsync($"/api/v1/apps/{TestApps.Sample}/reports"), HttpStatusCode.Unauthorized, "auth.unauthorized");
    }

    [Fact]
    public async Task TheImBlockTakesATimedBlockBodyAndRefusesABadOne()
    {
        var (a, b) = (await app.CreateUserAsync(TestApps.Sample, TestApps.NewExternalId("a")),
            await app.CreateUserAsync(TestApps.Sample, TestApps.NewExternalId("b")));

        var bad = await a.Im.PostAsync($"/blockStatus/my/{b.ExternalId}", JsonContent.Create(new { expiresIn = 5 }));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("INVALID_REQUEST", (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("code").GetString());
        Assert.False((await a.Bearer.RelationshipAsync(b.Id)).BlockedByMe);

        var good = await a.Im.PostAsync(
            $"/blockStatus/my/{b.ExternalId}",
            new StringContent("""{"expiresIn": 86400, "note": "a day"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        var item = Assert.Single((await a.Bearer.BlocksAsync()).Items);
        Assert.Equal("a day", item.Note);
        Assert.NotNull(item.ExpiresAt);
    }

    private sealed record ReportPage(List<ReportItem> Items, string? NextCursor);

    private sealed record ReportItem(
        Guid Id, string Reason, string? Comment, ReportUserBody Reporter, ReportUserBody Reported, List<ReportMessageBody> Messages);

    private sealed record ReportUserBody(Guid Id, string ExternalId);

    private sealed record ReportMessageBody(Guid Id, string Content);
}

[Collection(SqliteAppsCollection.Name)]
public sealed class SqliteAppBlockingFeaturesTests(SqliteAppsChatApp app) : AppBlockingFeaturesTests(app);

[Collection(PostgresAppsCollection.Name)]
public sealed class PostgresAppBlockingFeaturesTests(PostgresAppsChatApp app) : AppBlockingFeaturesTests(app);
