using System.Net;
using System.Text;
using System.Text.Json;
using ChatBlock.Storage;
using ChatBlock.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ChatBlock.Tests.Api;

/// <summary>
/// Block list export and import through the gateway (SPEC section 10, issue 13): round trip into another account, merge and
/// overwrite, dry run, unknown and self rows, atomicity (a bad row, a fault in the middle of the write), one audit row per
/// change, the block limit counted once, 10,000 rows and no more, and the send gate right after an import.
/// </summary>
public abstract class BlockImportApiTests(ChatApp app)
{
    private readonly ManualClock _clock = new();

    /// <summary>Makes <paramref name="count"/> users straight in the database (no password hashing); their ids.</summary>
    protected abstract Task<List<Guid>> CreateUsersAsync(int count);

    /// <summary>Makes every audit row about <paramref name="targetId"/> fail to insert (a fault in the middle of a write).</summary>
    protected abstract Task FailAuditRowsOfAsync(Guid targetId);

    /// <summary>A fresh app of this provider with <paramref name="settings"/> and <paramref name="services"/>.</summary>
    protected abstract Task<ChatApp> StartAsync(Dictionary<string, string?> settings, Action<IServiceCollection> services);

    [Fact]
    public async Task AnExportImportedIntoAnotherAccountBlocksTheSameUsers()
    {
        var (a, other) = (await app.RegisterAsync(), await app.RegisterAsync());
        var (b, c, d) = (await app.RegisterAsync(), await app.RegisterAsync(), await app.RegisterAsync());
        await a.BlockOkAsync(b.Id);
        await a.BlockOkAsync(c.Id);
        await a.BlockOkAsync(d.Id);

        using var json = await a.ExportAsync();
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        Assert.Equal("attachment", json.Content.Headers.ContentDisposition?.DispositionType);
        Assert.EndsWith(".json", json.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var exported = await json.Content.ReadAsStringAsync();
        var items = JsonDocument.Parse(exported).RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([b.Id, c.Id, d.Id], items.Select(i => i.GetProperty("userId").GetGuid()));
        Assert.Equal([b.Username, c.Username, d.Username], items.Select(i => i.GetProperty("username").GetString()));
        Assert.All(items, i => Assert.Equal(JsonValueKind.Null, i.GetProperty("expiresAt").ValueKind));
        Assert.All(items, i => Assert.Equal(JsonValueKind.Null, i.GetProperty("note").ValueKind));

        var imported = await other.ImportOkAsync(exported);

        Assert.Equal([b.Id.ToString(), c.Id.ToString(), d.Id.ToString()], imported.Added);
        Assert.Equal(new[] { b.Id, c.Id, d.Id }.Order(), (await other.BlockedIdsAsync()).Order());
        Assert.True((await other.RelationshipAsync(c.Id)).BlockedByMe);
    }

    [Fact]
    public async Task TheCsvExportImportsIntoAnotherAccount()
    {
        var (a, other) = (await app.RegisterAsync(), await app.RegisterAsync());
        var (b, c) = (await app.RegisterAsync(), await app.RegisterAsync());
        await a.BlockOkAsync(b.Id);
        await a.BlockOkAsync(c.Id);

        using var csv = await a.ExportAsync("csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", csv.Content.Headers.ContentDisposition?.DispositionType);
        var text = await csv.Content.ReadAsStringAsync();
        var lines = text.Split("\r\n");
        Assert.Equal("userId,username,createdAt,expiresAt,note", lines[0]);
        Assert.StartsWith($"{b.Id},{b.Username},", lines[1]);
        Assert.EndsWith(",,", lines[1]);
        Assert.Equal([""], lines[3..]);

        var imported = await other.ImportOkAsync(text, "text/csv");

        Assert.Equal([b.Id.ToString(), c.Id.ToString()], imported.Added);
        Assert.Equal(new[] { b.Id, c.Id }.Order(), (await other.BlockedIdsAsync()).Order());
    }

    [Fact]
    public async Task MergeKeepsTheBlocksAFileDoesNotNameAndOverwriteRemovesThem()
    {
        var a = await app.RegisterAsync();
        var (b, c, d) = (await app.RegisterAsync(), await app.RegisterAsync(), await app.RegisterAsync());
        await a.BlockOkAsync(b.Id);
        await a.BlockOkAsync(c.Id);

        var merged = await a.ImportIdsOkAsync([c.Id, d.Id]);
        Assert.Equal([d.Id.ToString()], merged.Added);
        Assert.Equal([c.Id.ToString()], merged.AlreadyBlocked);
        Assert.Empty(merged.Removed);
        Assert.Equal(new[] { b.Id, c.Id, d.Id }.Order(), (await a.BlockedIdsAsync()).Order());

        var overwritten = await a.ImportIdsOkAsync([d.Id], mode: "overwrite");
        Assert.Empty(overwritten.Added);
        Assert.Equal([d.Id.ToString()], overwritten.AlreadyBlocked);
        Assert.Equal(new[] { b.Id.ToString(), c.Id.ToString() }.Order(), overwritten.Removed.Order());
        Assert.Equal([d.Id], await a.BlockedIdsAsync());
    }

    [Fact]
    public async Task ADryRunAnswersTheSameDiffAndChangesNothing()
    {
        var a = await app.RegisterAsync();
        var (b, c, d) = (await app.RegisterAsync(), await app.RegisterAsync(), await app.RegisterAsync());
        await a.BlockOkAsync(b.Id);
        await a.BlockOkAsync(c.Id);
        var store = app.Services.GetRequiredService<IChatStore>();
        var trailBefore = (await store.GetAuditTrailAsync(a.Id)).Count;
        var body = JsonSerializer.Serialize(new { items = new object[] { new { userId = c.Id }, new { username = d.Username } } });

        var dry = await a.ImportOkAsync(body, mode: "overwrite", dryRun: true);

        Assert.Equal(new[] { b.Id, c.Id }.Order(), (await a.BlockedIdsAsync()).Order());
        Assert.Equal(trailBefore, (await store.GetAuditTrailAsync(a.Id)).Count);
        var applied = await a.ImportOkAsync(body, mode: "overwrite");
        Assert.Equal(JsonSerializer.Serialize(dry), JsonSerializer.Serialize(applied));
        Assert.Equal([d.Username], applied.Added);
        Assert.Equal([b.Id.ToString()], applied.Removed);
        Assert.Equal([c.Id.ToString()], applied.AlreadyBlocked);
        Assert.Equal(new[] { c.Id, d.Id }.Order(), (await a.BlockedIdsAsync()).Order());
    }

    [Fact]
    public async Task UnknownUsersAndTheCallerAreReportedNotRefused()
    {
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();
        var stranger = Guid.NewGuid();
        var body = JsonSerializer.Serialize(new
        {
            items = new object[]
            {
                new { userId = stranger }, new { username = "nobody-" + Guid.NewGuid().ToString("N")[..8] },
                new { username = a.Username.ToUpperInvariant() }, new { username = b.Username.ToUpperInvariant() },
                new { userId = b.Id }, new { userId = a.Id, username = "ignored when an id is given" },
            },
        });

        var imported = await a.ImportOkAsync(body);

        Assert.Equal([b.Username.ToUpperInvariant()], imported.Added);
        Assert.Equal([a.Username.ToUpperInvariant()], imported.Self);
        Assert.Equal(2, imported.Unknown.Count);
        Assert.Equal(stranger.ToString(), imported.Unknown[0]);
        Assert.Empty(imported.AlreadyBlocked);
        Assert.Equal([b.Id], await a.BlockedIdsAsync());
    }

    [Fact]
    public async Task ABadRowRefusesTheWholeImportNamingTheRow()
    {
        var a = await app.RegisterAsync();
        var (b, c) = (await app.RegisterAsync(), await app.RegisterAsync());

        var csv = $"userId,username\r\n{b.Id},\r\n{c.Id},\r\nnot-a-uuid,x\r\n";
        var badId = await HttpAssert.ProblemAsync(await a.ImportAsync(csv, "text/csv"), HttpStatusCode.BadRequest, "request.invalid_id");
        Assert.Contains("Line 4", badId.GetProperty("detail").GetString());

        var noUser = await HttpAssert.ProblemAsync(
            await a.ImportAsync($$"""{"items":[{"userId":"{{b.Id}}"},{"note":"who?"}]}"""), HttpStatusCode.BadRequest, "request.invalid");
        Assert.Contains("items[1]", noUser.GetProperty("detail").GetString());

        var unclosed = await HttpAssert.ProblemAsync(
            await a.ImportAsync($"userId,note\r\n{b.Id},\"open\r\n", "text/csv"), HttpStatusCode.BadRequest, "request.invalid");
        Assert.Contains("Line 2", unclosed.GetProperty("detail").GetString());
        var ragged = await HttpAssert.ProblemAsync(
            await a.ImportAsync($"userId,note\r\n{b.Id}\r\n", "text/csv"), HttpStatusCode.BadRequest, "request.invalid");
        Assert.Contains("Line 2", ragged.GetProperty("detail").GetString());
        await HttpAssert.ProblemAsync(await a.ImportAsync("note\r\nhello\r\n", "text/csv"), HttpStatusCode.BadRequest, "request.invalid");
        await HttpAssert.ProblemAsync(await a.ImportAsync("{\"items\":[{\"userId\":"), HttpStatusCode.BadRequest, "request.invalid");
        await HttpAssert.ProblemAsync(
            await a.ImportAsync($"{b.Id}", "text/plain"), HttpStatusCode.UnsupportedMediaType, "request.unsupported_media_type");
        await HttpAssert.ProblemAsync(
            await a.ImportAsync("{\"items\":[]}", mode: "replace"), HttpStatusCode.BadRequest, "request.invalid");
        await HttpAssert.ProblemAsync(await a.ExportAsync("xml"), HttpStatusCode.BadRequest, "request.invalid");

        Assert.Empty(await a.BlockedIdsAsync());
    }

    [Fact]
    public async Task AFaultInTheMiddleOfTheWriteLeavesNothingChanged()
    {
        var a = await app.RegisterAsync();
        var (b, c, d, poisoned) = (await app.RegisterAsync(), await app.RegisterAsync(), await app.RegisterAsync(), await app.RegisterAsync());
        await a.BlockOkAsync(b.Id);
        var store = app.Services.GetRequiredService<IChatStore>();
        var trailBefore = await store.GetAuditTrailAsync(a.Id);
        await FailAuditRowsOfAsync(poisoned.Id);

        // c's and d's blocks are written before the poisoned row's audit row fails; b's removal too (overwrite).
        var failed = await a.ImportAsync(
            JsonSerializer.Serialize(new { items = new[] { c.Id, d.Id, poisoned.Id }.Select(id => new { userId = id }) }),
            mode: "overwrite");

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal([b.Id], await a.BlockedIdsAsync());
        Assert.Equal(trailBefore.Count, (await store.GetAuditTrailAsync(a.Id)).Count);
        var conversation = await c.OpenDirectAsync(a.Id);
        await c.SendOkAsync(conversation.Id, "still allowed");
    }

    [Fact]
    public async Task EachChangeHasOneAuditRow()
    {
        var a = await app.RegisterAsync();
        var (b, c, d) = (await app.RegisterAsync(), await app.RegisterAsync(), await app.RegisterAsync());
        var store = app.Services.GetRequiredService<IChatStore>();

        await a.ImportIdsOkAsync([b.Id, c.Id, b.Id]);
        await a.ImportIdsOkAsync([c.Id, d.Id], mode: "overwrite");
        await a.ImportIdsOkAsync([c.Id, d.Id], mode: "overwrite");

        var trail = (await store.GetAuditTrailAsync(a.Id)).Select(t => (t.Action, t.TargetId)).ToList();
        Assert.Equal(4, trail.Count);
        Assert.Equal(
            new[] { ("block", b.Id), ("block", c.Id), ("block", d.Id), ("unblock", b.Id) }.Order(),
            trail.Order());
    }

    [Fact]
    public async Task ASendIsRefusedRightAfterAnImportAndAcceptedAfterAnOverwriteRemovedTheBlock()
    {
        var (a, b) = (await app.RegisterAsync(), await app.RegisterAsync());
        var conversation = (await a.OpenDirectAsync(b.Id)).Id;
        await a.SendOkAsync(conversation, "before");

        await a.ImportOkAsync($"username\r\n{b.Username}\r\n", "text/csv");

        await HttpAssert.ProblemAsync(await b.SendAsync(conversation), HttpStatusCode.Forbidden, "message.blocked_by_recipient");
        await HttpAssert.ProblemAsync(await a.SendAsync(conversation), HttpStatusCode.Forbidden, "message.recipient_blocked");

        var overwritten = await a.ImportOkAsync("userId,username\r\n", "text/csv", mode: "overwrite");

        Assert.Equal([b.Id.ToString()], overwritten.Removed);
        await b.SendOkAsync(conversation, "after");
        await a.SendOkAsync(conversation, "after");
    }

    [Fact]
    public async Task QuotedCsvFieldsWithCommasQuotesAndLineBreaksAreRead()
    {
        var a = await app.RegisterAsync();
        var (b, c) = (await app.RegisterAsync(), await app.RegisterAsync());
        var csv = "\uFEFFnote,username,createdAt,extra\n"
            + $"\"spam, then \"\"jokes\"\"\r\nand more\",{b.Username},,\"a,b\"\n"
            + $"\"\",\"{c.Username}\",2026-01-01T00:00:00Z,";

        var imported = await a.ImportOkAsync(csv, "text/csv");

        Assert.Equal([b.Username, c.Username], imported.Added);
    }

    [Fact]
    public async Task TenThousandRowsAreImportedAtOnceAndUnblockAllOfTwiceThatStillWorks()
    {
        // 20,000 blocks: on PostgreSQL more than the test server's shared lock table holds (64 x 300 connections), so neither an
        // import nor unblock-all may take a lock per pair.
        var (a, b) = (await app.RegisterAsync(), await app.RegisterAsync());
        var conversation = (await a.OpenDirectAsync(b.Id)).Id;
        var ids = await CreateUsersAsync(2 * BlockImportLimit);
        ids[^1] = b.Id;
        foreach (var part in ids.Chunk(BlockImportLimit))
        {
            var csv = new StringBuilder("userId\r\n");
            foreach (var id in part)
            {
                csv.Append(id).Append("\r\n");
            }

            var imported = await a.ImportOkAsync(csv.ToString(), "text/csv");
            Assert.Equal(BlockImportLimit, imported.Added.Count);
        }

        Assert.Equal(2 * BlockImportLimit, (await a.ExportItemsAsync()).Count);
        var exported = await (await a.ExportAsync("csv")).Content.ReadAsStringAsync();
        Assert.Equal(2 * BlockImportLimit + 2, exported.Split("\r\n").Length);
        await HttpAssert.ProblemAsync(await b.SendAsync(conversation), HttpStatusCode.Forbidden, "message.blocked_by_recipient");

        Assert.Equal(2 * BlockImportLimit, (await a.UnblockAllOkAsync()).Unblocked);
        Assert.Empty(await a.ExportItemsAsync());
        await b.SendOkAsync(conversation, "unblocked");
    }

    [Fact]
    public async Task MoreThanTenThousandRowsAreRefusedAndNothingChanges()
    {
        var (a, b) = (await app.RegisterAsync(), await app.RegisterAsync());
        var csv = new StringBuilder("userId\r\n").Append(b.Id).Append("\r\n");
        for (var i = 0; i < BlockImportLimit; i++)
        {
            csv.Append(Guid.NewGuid()).Append("\r\n");
        }

        var refused = await HttpAssert.ProblemAsync(await a.ImportAsync(csv.ToString(), "text/csv"), HttpStatusCode.BadRequest, "request.invalid");

        Assert.Contains("10000", refused.GetProperty("detail").GetString());
        Assert.Empty(await a.BlockedIdsAsync());
    }

    [Fact]
    public async Task AnImportUsesOneBlockPermitHoweverManyRowsItHas()
    {
        using var limited = await StartAsync(
            new Dictionary<string, string?> { ["Blocking:RateLimit:PermitsPerHour"] = "2" },
            services => services.AddSingleton<TimeProvider>(_clock));
        var a = await limited.RegisterAsync();
        var users = new List<TestUser>();
        for (var i = 0; i < 8; i++)
        {
            users.Add(await limited.RegisterAsync());
        }

        Assert.Equal(5, (await a.ImportIdsOkAsync(users.Take(5).Select(u => u.Id))).Added.Count);
        _clock.Advance(TimeSpan.FromMinutes(1));
        await a.BlockOkAsync(users[5].Id);

        // Two permits used (the import, then one block): a block and an import that adds are refused until the import's hour ends.
        var block = await a.BlockAsync(users[6].Id);
        await HttpAssert.ProblemAsync(block, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Equal("3540", block.Headers.GetValues("Retry-After").Single());
        var import = await a.ImportAsync(JsonSerializer.Serialize(new { items = new[] { new { userId = users[7].Id } } }));
        await HttpAssert.ProblemAsync(import, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Equal("3540", import.Headers.GetValues("Retry-After").Single());
        // An import that only removes or finds everything blocked needs no permit.
        var removing = await a.ImportIdsOkAsync(users.Take(6).Skip(1).Select(u => u.Id), mode: "overwrite");
        Assert.Equal([users[0].Id.ToString()], removing.Removed);

        _clock.Advance(TimeSpan.FromSeconds(3540));
        Assert.Equal([users[6].Id.ToString(), users[7].Id.ToString()], (await a.ImportIdsOkAsync([users[6].Id, users[7].Id])).Added);
        await HttpAssert.ProblemAsync(await a.BlockAsync(users[0].Id), HttpStatusCode.TooManyRequests, "rate_limited");
    }

    private const int BlockImportLimit = 10_000;
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteBlockImportApiTests(SqliteChatApp app) : BlockImportApiTests(app)
{
    private readonly SqliteChatApp _app = app;

    protected override async Task<List<Guid>> CreateUsersAsync(int count)
    {
        var ids = Enumerable.Range(0, count).Select(_ => Guid.NewGuid()).ToList();
        await using var connection = await OpenAsync();
        await using var transaction = connection.BeginTransaction();
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO users (id, username, display_name, avatar_url, password_hash, created_at, last_seen_at)
            VALUES ($id, $name, 'Bulk', NULL, 'x', 0, NULL);
            """;
        var id = insert.Parameters.Add("$id", Microsoft.Data.Sqlite.SqliteType.Text);
        var name = insert.Parameters.Add("$name", Microsoft.Data.Sqlite.SqliteType.Text);
        foreach (var user in ids)
        {
            id.Value = user.ToString("D");
            name.Value = $"bulk{user:N}";
            await insert.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
        return ids;
    }

    protected override async Task FailAuditRowsOfAsync(Guid targetId)
    {
        await using var connection = await OpenAsync();
        await using var trigger = connection.CreateCommand();
        trigger.CommandText = $"""
            CREATE TRIGGER fail_audit_{targetId:N} BEFORE INSERT ON block_audit WHEN NEW.target_id = '{targetId:D}'
            BEGIN SELECT RAISE(ABORT, 'injected fault'); END;
            """;
        await trigger.ExecuteNonQueryAsync();
    }

    protected override Task<ChatApp> StartAsync(Dictionary<string, string?> settings, Action<IServiceCollection> services) =>
        Task.FromResult(new ChatApp("Sqlite", settings, services: services));

    private async Task<Microsoft.Data.Sqlite.SqliteConnection> OpenAsync()
    {
        var connection = new Microsoft.Data.Sqlite.SqliteConnection(
            $"Data Source={Path.Combine(_app.DataPath, ChatBlock.Storage.Sqlite.SqliteChatStore.FileName)};Pooling=False");
        await connection.OpenAsync();
        await using var wait = connection.CreateCommand();
        wait.CommandText = "PRAGMA busy_timeout = 10000;";
        await wait.ExecuteNonQueryAsync();
        return connection;
    }
}

[Collection(PostgresApiCollection.Name)]
public sealed class PostgresBlockImportApiTests(PostgresChatApp app) : BlockImportApiTests(app)
{
    private readonly PostgresChatApp _app = app;

    protected override async Task<List<Guid>> CreateUsersAsync(int count)
    {
        var ids = Enumerable.Range(0, count).Select(_ => Guid.NewGuid()).ToList();
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(ConnectionString);
        await using var insert = dataSource.CreateCommand("""
            INSERT INTO users (id, username, display_name, password_hash, created_at)
            SELECT u, 'bulk' || replace(u::text, '-', ''), 'Bulk', 'x', now() FROM unnest($1::uuid[]) AS u
            """);
        insert.Parameters.Add(new Npgsql.NpgsqlParameter<Guid[]> { TypedValue = [.. ids] });
        await insert.ExecuteNonQueryAsync();
        return ids;
    }

    protected override async Task FailAuditRowsOfAsync(Guid targetId)
    {
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(ConnectionString);
        await using var trigger = dataSource.CreateCommand($"""
            CREATE FUNCTION fail_audit_{targetId:N}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.target_id = '{targetId:D}' THEN RAISE EXCEPTION 'injected fault'; END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER fail_audit_{targetId:N} BEFORE INSERT ON block_audit
            FOR EACH ROW EXECUTE FUNCTION fail_audit_{targetId:N}();
            """);
        await trigger.ExecuteNonQueryAsync();
    }

    protected override async Task<ChatApp> StartAsync(Dictionary<string, string?> settings, Action<IServiceCollection> services)
    {
        settings["ConnectionStrings:Postgres"] = await SharedPostgres.CreateDatabaseAsync();
        return new ChatApp("Postgres", settings, services: services);
    }

    private string ConnectionString =>
        _app.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>()["ConnectionStrings:Postgres"]!;
}
