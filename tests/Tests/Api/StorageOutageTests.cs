using System.Net;
using System.Net.Http.Json;
using ChatBlock.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace ChatBlock.Tests.Api;

/// <summary>
/// An unreachable database answers <c>503 storage.unavailable</c> with <c>Retry-After</c>, never <c>500</c> (SPEC section 11;
/// issue 11, item 4), and the shipped log levels keep Npgsql's per-command lines out of a production log (issue 11, item 6).
/// </summary>
public sealed class StorageOutageTests : IAsyncLifetime
{
    // A server of its own: this test stops it.
    private readonly PostgresServer _server = new();

    public Task InitializeAsync() => _server.StartAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task RequestsWhileTheDatabaseIsDownAnswerServiceUnavailableWithRetryAfter()
    {
        using var app = new ChatApp(
            "Postgres", new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = await _server.CreateDatabaseAsync() });
        var alice = await app.RegisterAsync("alice");
        var bob = await app.RegisterAsync("bob");
        var conversation = await alice.OpenDirectAsync(bob.Id);

        await _server.StopServerAsync();
        HttpResponseMessage send, login;
        try
        {
            send = await alice.SendAsync(conversation.Id, "during the outage");
            login = await app.CreateClient().PostAsJsonAsync(
                "/api/v1/auth/login", new { username = bob.Username, password = "correct horse" });
        }
        finally
        {
            await _server.StartServerAsync();
        }

        foreach (var response in new[] { send, login })
        {
            await HttpAssert.ProblemAsync(response, HttpStatusCode.ServiceUnavailable, "storage.unavailable");
            Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, $"no Retry-After on {response.RequestMessage?.RequestUri}");
        }
    }

    [Fact]
    public async Task AtTheShippedLogLevelsASendLogsNoDatabaseCommandsOrRequestLines()
    {
        var logs = new LogCapture();
        using var app = new LoggingChatApp(await _server.CreateDatabaseAsync(), logs);
        var alice = await app.RegisterAsync("alice");
        var bob = await app.RegisterAsync("bob");
        var conversation = await alice.OpenDirectAsync(bob.Id);

        await alice.SendOkAsync(conversation.Id, "quiet please");
        await alice.BlockOkAsync(bob.Id);

        var entries = logs.Entries;
        Assert.DoesNotContain(entries, e => e.Category.StartsWith("Npgsql", StringComparison.Ordinal) && e.Level < LogLevel.Warning);
        Assert.DoesNotContain(
            entries, e => e.Category.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) && e.Level < LogLevel.Warning);
        // The audit line stays (SPEC section 6).
        Assert.Contains(entries, e => e.Level == LogLevel.Warning && e.Message.StartsWith("[block] AUDIT: ", StringComparison.Ordinal));
    }

    // The capture is one more provider: the configured filters (appsettings.json) decide what reaches it, as in production.
    private sealed class LoggingChatApp(string connectionString, LogCapture logs)
        : ChatApp("Postgres", new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = connectionString })
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureLogging(l => l.AddProvider(logs));
        }
    }
}
