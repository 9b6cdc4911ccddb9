using System.Net;
using ChatBlock.Tests.Infrastructure;

namespace ChatBlock.Tests.Api;

/// <summary><c>/readyz</c> follows the database; <c>/healthz</c> only says the process answers (SPEC section 4).</summary>
public sealed class ReadinessTests : IAsyncLifetime
{
    // A server of its own: this test stops it.
    private readonly PostgresServer _server = new();

    public Task InitializeAsync() => _server.StartAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task ReadinessIsServiceUnavailableWhileTheDatabaseIsDownAndRecovers()
    {
        using var app = new ChatApp(
            "Postgres", new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = await _server.CreateDatabaseAsync() });
        using var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);

        await _server.StopServerAsync();
        var down = await client.GetAsync("/readyz");
        var live = await client.GetAsync("/healthz");
        await _server.StartServerAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);
    }
}
