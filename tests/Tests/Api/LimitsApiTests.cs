using System.Net;
using System.Net.Http.Json;
using ChatBlock.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ChatBlock.Tests.Api;

/// <summary>
/// The limits of SPEC section 11 (issue 11 items 8 and 5): sign-in per address and account, registration per address, sends and
/// conversations per user, blocks per user with refusals and idempotent repeats using no permit. Each test has an app of its own
/// with small limits and a <see cref="ManualClock"/> (clients' addresses come from <see cref="ClientAddressHeader"/>), so
/// <c>Retry-After</c> is checked exactly and a window is crossed without sleeping.
/// </summary>
public abstract class LimitsApiTests
{
    private readonly ManualClock _clock = new();

    /// <summary>An app of this provider with <paramref name="settings"/> and <paramref name="services"/> (the manual clock).</summary>
    protected abstract Task<ChatApp> StartAsync(Dictionary<string, string?> settings, Action<IServiceCollection> services);

    [Fact]
    public async Task LoginIsLimitedPerAccountWithTheTrueRetryAfter()
    {
        using var app = await AppAsync(("Auth:RateLimit:LoginPermitsPerMinute", "3"));
        var victim = await app.RegisterAsync();
        for (var i = 1; i <= 3; i++)
        {
            var wrong = await LoginAsync(app, $"10.0.0.{i}", victim.Username, "wrong password");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        // The right password from a fourth address: the account has no permit left for a minute.
        var limited = await LoginAsync(app, "10.0.0.4", victim.Username, ChatApp.Password);
        await HttpAssert.ProblemAsync(limited, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Equal("60", RetryAfter(limited));

        _clock.Advance(TimeSpan.FromSeconds(59));
        var stillLimited = await LoginAsync(app, "10.0.0.5", victim.Username, ChatApp.Password);
        await HttpAssert.ProblemAsync(stillLimited, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Equal("1", RetryAfter(stillLimited));

        _clock.Advance(TimeSpan.FromSeconds(1));
        await HttpAssert.OkAsync<AuthBody>(await LoginAsync(app, "10.0.0.6", victim.Username, ChatApp.Password));
    }

    [Fact]
    public async Task LoginIsLimitedPerAddressAcrossAccounts()
    {
        using var app = await AppAsync(("Auth:RateLimit:LoginPermitsPerMinute", "2"));
        var user = await app.RegisterAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(app, "10.0.1.1", "nobody-one", "whatever1")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(app, "10.0.1.1", "nobody-two", "whatever2")).StatusCode);
        var limited = await LoginAsync(app, "10.0.1.1", user.Username, ChatApp.Password);

        await HttpAssert.ProblemAsync(limited, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Equal("60", RetryAfter(limited));
        await HttpAssert.OkAsync<AuthBody>(await LoginAsync(app, "10.0.1.2", user.Username, ChatApp.Password));
    }

    [Fact]
    public async Task RegistrationIsLimitedPerAddressWithTheTrueRetryAfter()
    {
        using var app = await AppAsync(("Auth:RateLimit:RegisterPermitsPerHour", "2"));
        Assert.Equal(HttpStatusCode.Created, (await RegisterAsync(app, "10.0.2.1")).StatusCode);
        _clock.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal(HttpStatusCode.Created, (await RegisterAsync(app, "10.0.2.1")).StatusCode);

        var limited = await RegisterAsync(app, "10.0.2.1");
        await HttpAssert.ProblemAsync(limited, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Equal("2700", RetryAfter(limited));
        Assert.Equal(HttpStatusCode.Created, (await RegisterAsync(app, "10.0.2.2")).StatusCode);

        _clock.Advance(TimeSpan.FromSeconds(2700));
        Assert.Equal(HttpStatusCode.Created, (await RegisterAsync(app, "10.0.2.1")).StatusCode);
    }

    [Fact]
    public async Task SendsAreLimitedPerUserWithTheTrueRetryAfter()
    {
        using var app = await AppAsync(("Messages:RateLimit:PermitsPerMinute", "3"));
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();
        var conversation = await a.OpenDirectAsync(b.Id);
        await a.SendOkAsync(conversation.Id, "1");
        _clock.Advance(TimeSpan.FromSeconds(20));
        await a.SendOkAsync(conversation.Id, "2");
        await a.SendOkAsync(conversation.Id, "3");

        var limited = await a.SendAsync(conversation.Id, "4");
        await HttpAssert.ProblemAsync(limited, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Equal("40", RetryAfter(limited));
        await b.SendOkAsync(conversation.Id, "b has permits of their own");

        _clock.Advance(TimeSpan.FromSeconds(40));
        await a.SendOkAsync(conversation.Id, "4");
        Assert.Equal(5, (await a.MessagesAsync(conversation.Id)).Items.Count);
    }

    [Fact]
    public async Task ConversationCreationIsLimitedPerUser()
    {
        using var app = await AppAsync(("Conversations:RateLimit:PermitsPerHour", "2"));
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();
        var c = await app.RegisterAsync();
        await a.OpenDirectAsync(b.Id);
        await a.CreateGroupAsync("one", b.Id, c.Id);

        var limited = await a.Client.PostAsJsonAsync("/api/v1/conversations/group", new { title = "two", memberIds = new[] { b.Id } });

        await HttpAssert.ProblemAsync(limited, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Equal("3600", RetryAfter(limited));
        await b.OpenDirectAsync(c.Id);
    }

    [Fact]
    public async Task RefusedBlocksUseNoPermitAndRetryAfterIsTheTimeUntilAPermitIsFree()
    {
        using var app = await AppAsync(("Blocking:RateLimit:PermitsPerHour", "2"));
        var a = await app.RegisterAsync();
        var (b, c, d) = (await app.RegisterAsync(), await app.RegisterAsync(), await app.RegisterAsync());
        await HttpAssert.ProblemAsync(await a.BlockAsync(a.Id), HttpStatusCode.BadRequest, "user.block.self");
        await HttpAssert.ProblemAsync(await a.BlockAsync(Guid.NewGuid()), HttpStatusCode.NotFound, "user.not_found");
        await a.BlockOkAsync(b.Id);
        await HttpAssert.ProblemAsync(await a.BlockAsync(b.Id), HttpStatusCode.Conflict, "user.block.already_blocked");
        _clock.Advance(TimeSpan.FromMinutes(10));
        await a.BlockOkAsync(c.Id);

        // Two blocks made, the first 10 minutes ago: a permit is free in 50 minutes, not before.
        var limited = await a.BlockAsync(d.Id);
        await HttpAssert.ProblemAsync(limited, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Equal("3000", RetryAfter(limited));
        _clock.Advance(TimeSpan.FromSeconds(2999));
        var stillLimited = await a.BlockAsync(d.Id);
        await HttpAssert.ProblemAsync(stillLimited, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Equal("1", RetryAfter(stillLimited));

        _clock.Advance(TimeSpan.FromSeconds(1));
        await a.BlockOkAsync(d.Id);
        Assert.Equal(3, (await a.BlocksAsync()).Items.Count);
    }

    [Fact]
    public async Task IdempotentRepeatsOfABlockUseNoPermit()
    {
        using var app = await AppAsync(("Blocking:RateLimit:PermitsPerHour", "2"));
        var a = await app.RegisterAsync();
        var (b, c) = (await app.RegisterAsync(), await app.RegisterAsync());
        var first = await a.BlockWithKeyAsync(b.Id, "block-b");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        for (var i = 0; i < 3; i++)
        {
            var repeat = await a.BlockWithKeyAsync(b.Id, "block-b");
            Assert.Equal(HttpStatusCode.Created, repeat.StatusCode);
            Assert.Equal(await first.Content.ReadAsStringAsync(), await repeat.Content.ReadAsStringAsync());
        }

        await a.BlockOkAsync(c.Id);
    }

    private async Task<ChatApp> AppAsync(params (string Key, string Value)[] settings)
    {
        var app = await StartAsync(
            settings.ToDictionary(s => s.Key, s => (string?)s.Value),
            services => services.AddSingleton<TimeProvider>(_clock));
        return app;
    }

    private static Task<HttpResponseMessage> LoginAsync(ChatApp app, string address, string username, string password)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add(ClientAddressHeader.AddressHeader, address);
        return client.LoginAsync(username, password);
    }

    private static Task<HttpResponseMessage> RegisterAsync(ChatApp app, string address)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add(ClientAddressHeader.AddressHeader, address);
        return client.RegisterAsync($"r{Guid.NewGuid():N}"[..20], ChatApp.Password);
    }

    private static string RetryAfter(HttpResponseMessage response) => response.Headers.GetValues("Retry-After").Single();
}

public sealed class SqliteLimitsApiTests : LimitsApiTests
{
    protected override Task<ChatApp> StartAsync(Dictionary<string, string?> settings, Action<IServiceCollection> services) =>
        Task.FromResult(new ChatApp("Sqlite", settings, services: services));
}

public sealed class PostgresLimitsApiTests : LimitsApiTests
{
    protected override async Task<ChatApp> StartAsync(Dictionary<string, string?> settings, Action<IServiceCollection> services)
    {
        settings["ConnectionStrings:Postgres"] = await SharedPostgres.CreateDatabaseAsync();
        return new ChatApp("Postgres", settings, services: services);
    }
}
