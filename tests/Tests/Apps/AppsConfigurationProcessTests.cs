using System.Diagnostics;
using ChatBlock.Tests.Infrastructure;

namespace ChatBlock.Tests.Apps;

/// <summary>
/// A bad <c>Apps</c> section stops the real gateway process at start (issue 14's checks, SPEC section 8): exit code 1, one
/// <c>Configuration error:</c> line naming the key, no stack trace, and never the key's value.
/// </summary>
public sealed class AppsConfigurationProcessTests
{
    [Theory]
    [InlineData("Apps:SampleApp:ServerKey", "a-short-secret", "SampleApp-client-key")]
    [InlineData("Apps:SampleApp:WebhookUrl", "ftp://hooks.example.com/x", "SampleApp-client-key")]
    [InlineData("Apps:default:ClientKey", "some-client-key", null)]
    public async Task ABadAppSettingStopsTheProcessWithOneLineNamingIt(string key, string value, string? clientKey)
    {
        var data = Directory.CreateTempSubdirectory("chatblock-apps-config-");
        try
        {
            var appKey = key[..key.LastIndexOf(':')];
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "ChatBlock.Api.dll"), $"--{key}", value,
                         "--Storage:DataPath", data.FullName, "--Urls", "http://127.0.0.1:0" })
            {
                start.ArgumentList.Add(argument);
            }

            var variable = appKey.Replace(":", "__", StringComparison.Ordinal);
            if (clientKey is not null)
            {
                start.Environment[$"{variable}__ClientKey"] = clientKey;
                if (!key.EndsWith(":ServerKey", StringComparison.Ordinal))
                {
                    start.Environment[$"{variable}__ServerKey"] = TestApps.ServerKey("SampleApp");
                }
            }

            var (exitCode, text) = await GatewayProcess.RunUntilExitAsync(start, $"{key}={value}");
            Assert.Equal(1, exitCode);
            var line = Assert.Single(text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            Assert.StartsWith($"Configuration error: {appKey}", line, StringComparison.Ordinal);
            Assert.DoesNotContain(value, line, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }
}
