using System.Diagnostics;
using ChatBlock.Tests.Infrastructure;

namespace ChatBlock.Tests.Api;

/// <summary>
/// Issue 14, fail fast on bad configuration: the real gateway process (<c>dotnet ChatBlock.Api.dll</c>) given a bad value stops
/// with exit code 1 and one line naming the key, and no stack trace.
/// </summary>
public sealed class ConfigurationChecksTests
{
    /// <summary>Starts the built gateway with one bad setting: exit code 1, the key named, no stack trace.</summary>
    [Theory]
    [InlineData("Blocking:RateLimit:PermitsPerHour", "-3")]
    [InlineData("Silo:IdleDeactivation", "banana")]
    [InlineData("Auth:TokenLifetime", "00:00:00")]
    [InlineData("Messages:RateLimit:PermitsPerMinute", "-1")]
    [InlineData("Silo:DrainTimeout", "-00:00:01")]
    [InlineData("Storage:Provider", "banana")]
    [InlineData("Storage:Provider", "7")]
    [InlineData("Storage:Provider", "Postgres")]
    public async Task ABadValueStopsTheProcessWithOneLineNamingTheKey(string key, string value)
    {
        var data = Directory.CreateTempSubdirectory("chatblock-config-");
        try
        {
            var dll = Path.Combine(AppContext.BaseDirectory, "ChatBlock.Api.dll");
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { dll, $"--{key}", value, "--Storage:DataPath", data.FullName, "--Urls", "http://127.0.0.1:0" })
            {
                start.ArgumentList.Add(argument);
            }

            var (exitCode, text) = await GatewayProcess.RunUntilExitAsync(start, $"{key}={value}");
            Assert.Equal(1, exitCode);
            var line = Assert.Single(text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            Assert.StartsWith("Configuration error: ", line, StringComparison.Ordinal);
            Assert.Contains(key, line, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }
}
