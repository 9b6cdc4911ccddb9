using ChatBlock.Api.Infrastructure;
using ChatBlock.Grains;
using ChatBlock.Grains.Apps;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChatBlock.Tests.Apps;

/// <summary>
/// The <c>Apps</c> section (SPEC section 8): checked at start, one line per fault naming the key and never quoting a key; the
/// registry finds apps by exact id and checks server and client keys.
/// </summary>
public sealed class AppRegistryTests
{
    private const string ServerKey = "a-server-key-of-at-least-32-characters";

    [Theory]
    [InlineData("bad app", "Apps:bad app: an app id must be")]
    [InlineData("default", "Apps:default: 'default' is the built-in app")]
    [InlineData("x12345678901234567890123456789012345678901234567890123456789012345", "Apps:x1234567890")]
    public void ABadAppIdIsOneLineNamingIt(string appId, string expected)
    {
        var failure = Assert.Single(Validate(new AppsOptions { [appId] = new() { ClientKey = "c", ServerKey = ServerKey } }));
        Assert.StartsWith(expected, failure, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingOrShortKeysAndABadWebhookUrlAreNamedWithoutTheirValues()
    {
        var failures = Validate(new AppsOptions
        {
            ["SampleApp"] = new() { ServerKey = "too-short-secret", WebhookUrl = "ftp://hooks.example.com/x" },
        });

        Assert.Equal(
            [
                "Apps:SampleApp:ClientKey is required (1-256 characters).",
                "Apps:SampleApp:ServerKey is required and must be at least 32 characters.",
                "Apps:SampleApp:WebhookUrl must be an absolute http or https URL.",
            ],
            failures);
        Assert.DoesNotContain(failures, f => f.Contains("too-short-secret", StringComparison.Ordinal));
    }

    [Fact]
    public void AGoodSectionPassesAndTheRegistryChecksKeysExactly()
    {
        var options = new AppsOptions
        {
            ["SampleApp"] = new() { ClientKey = "client-1", ServerKey = ServerKey, WebhookUrl = "https://hooks.example.com/chat" },
        };
        Assert.Empty(Validate(options));

        var registry = new AppRegistry(Options.Create(options));
        Assert.True(registry.TryGet("SampleApp", out var app));
        Assert.False(registry.TryGet("sampleapp", out _));
        Assert.False(registry.TryGet("default", out _));
        Assert.True(registry.IsKnown("default"));
        Assert.True(app.IsServerKey(ServerKey));
        Assert.False(app.IsServerKey(ServerKey + "x"));
        Assert.False(app.IsServerKey(null));
        Assert.True(app.IsClientKey("client-1"));
        Assert.False(app.IsClientKey("client-2"));
        Assert.Equal(new Uri("https://hooks.example.com/chat"), app.WebhookUrl);
        Assert.Equal("SampleApp", app.ToString());
        Assert.StartsWith("sha256=", app.SignWebhook("{}"u8), StringComparison.Ordinal);
    }

    [Fact]
    public void AppsBindFromConfigurationKeysAndABadOneFailsTheStartCheck()
    {
        using var good = Services(new()
        {
            ["Apps:SampleApp:ClientKey"] = "client-1",
            ["Apps:SampleApp:ServerKey"] = ServerKey,
        });
        Assert.True(StartupErrors.ConfigurationIsValid(good));
        Assert.True(good.GetRequiredService<AppRegistry>().TryGet("SampleApp", out var app));
        Assert.Equal("client-1", app.ClientKey);

        using var bad = Services(new() { ["Apps:SampleApp:ClientKey"] = "client-1", ["Apps:SampleApp:ServerKey"] = "short" });
        Assert.False(StartupErrors.ConfigurationIsValid(bad));
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings) =>
        new ServiceCollection().AddChatGrains(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();

    private static List<string> Validate(AppsOptions options) =>
        new AppsOptionsValidator().Validate(null, options) is { Failed: true } result ? [.. result.Failures] : [];
}
