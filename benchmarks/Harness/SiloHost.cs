using ChatBlock.Grains;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChatBlock.Benchmarks;

/// <summary>A real silo host without HTTP: <c>AddChatSilo</c>, the runtime, storage and grains the API adds one by one.</summary>
internal static class SiloHost
{
    /// <summary>
    /// Starts a silo on <paramref name="provider"/> storage; idle deactivation is off so nothing leaves during a measurement.
    /// </summary>
    public static async Task<IHost> StartAsync(string provider, string? connectionString = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = provider,
            ["ConnectionStrings:Postgres"] = connectionString,
            ["Silo:IdleDeactivation"] = "00:00:00",
        });
        builder.Services.AddChatSilo(builder.Configuration);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}
