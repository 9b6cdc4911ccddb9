using System.Net;
using ChatBlock.Storage;
using ChatBlock.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ChatBlock.Tests.Api;

/// <summary>
/// Limits that hold across silos (issue 11 item 14): three gateways on one PostgreSQL database, with the block and sign-in limits
/// counted in the database. Before, each silo counted its own, so three silos allowed three times the limit.
/// </summary>
public sealed class ClusterLimitsTests : IAsyncLifetime
{
    private const int BlockPermits = 3;
    private const int LoginPermits = 4;
    private readonly List<ChatApp> _silos = [];

    public async Task InitializeAsync()
    {
        var connectionString = await SharedPostgres.CreateDatabaseAsync();
        for (var i = 0; i < 3; i++)
        {
            _silos.Add(new ChatApp("Postgres", new Dictionary<string, string?>
            {
                ["ConnectionStrings:Postgres"] = connectionString,
                ["Silo:SiloId"] = $"limits-silo-{i}",
                ["Auth:SigningKey"] = "cluster-tests-signing-key-0123456789abcdef",
                ["Blocking:RateLimit:PermitsPerHour"] = BlockPermits.ToString(),
                ["Auth:RateLimit:LoginPermitsPerMinute"] = LoginPermits.ToString(),
            }));
        }
    }

    [Fact]
    public async Task TheBlockLimitHoldsAcrossSilos()
    {
        var a = await _silos[0].RegisterAsync();
        var targets = new List<TestUser>();
        for (var i = 0; i <= BlockPermits; i++)
        {
            targets.Add(await _silos[0].RegisterAsync());
        }

        for (var i = 0; i < BlockPermits; i++)
        {
            await a.On(_silos[i % 3]).BlockOkAsync(targets[i].Id);
        }

        foreach (var silo in _silos)
        {
            var limited = await a.On(silo).BlockAsync(targets[BlockPermits].Id);
            await HttpAssert.ProblemAsync(limited, HttpStatusCode.TooManyRequests, "rate_limited");
            var retryAfter = int.Parse(limited.Headers.GetValues("Retry-After").Single());
            Assert.InRange(retryAfter, 1, 3600);
        }
    }

    [Fact]
    public async Task ConcurrentBlocksOnThreeSilosNeverExceedTheLimit()
    {
        var a = await _silos[0].RegisterAsync();
        var targets = new List<TestUser>();
        for (var i = 0; i < 12; i++)
        {
            targets.Add(await _silos[0].RegisterAsync());
        }

        var clients = _silos.Select(a.On).ToList();
        var answers = await Task.WhenAll(targets.Select((t, i) => clients[i % 3].BlockAsync(t.Id)));

        Assert.Equal(BlockPermits, answers.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(12 - BlockPermits, answers.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests));
        var trail = await _silos[0].Services.GetRequiredService<IChatStore>().GetAuditTrailAsync(a.Id);
        Assert.Equal(BlockPermits, trail.Count(t => t.Action == "block"));
    }

    [Fact]
    public async Task TheLoginLimitHoldsAcrossSilos()
    {
        var victim = await _silos[0].RegisterAsync();
        for (var i = 0; i < LoginPermits; i++)
        {
            var wrong = await _silos[i % 3].CreateClient().LoginAsync(victim.Username, "wrong password");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        foreach (var silo in _silos)
        {
            var limited = await silo.CreateClient().LoginAsync(victim.Username, ChatApp.Password);
            await HttpAssert.ProblemAsync(limited, HttpStatusCode.TooManyRequests, "rate_limited");
        }
    }

    public Task DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            silo.Dispose();
        }

        return Task.CompletedTask;
    }
}
