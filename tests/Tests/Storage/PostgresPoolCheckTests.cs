using ChatBlock.Grains;
using ChatBlock.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace ChatBlock.Tests.Storage;

/// <summary>The start-up warning when the silos' pools together exceed the server's connections (issue 11, item 4).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresPoolCheckTests
{
    [Theory]
    [InlineData(100, 3, true)] // 300 > 297 (the test server's max_connections=300, 3 reserved)
    [InlineData(90, 3, false)]
    public async Task ASiloWarnsAtStartWhenPoolsTimesSilosExceedMaxConnections(int poolSize, int silos, bool warns)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(await SharedPostgres.CreateDatabaseAsync()) { MaxPoolSize = poolSize };
        var logs = new LogCapture();
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Silo:SiloId"] = $"pool-{Guid.NewGuid():N}",
            ["Storage:Provider"] = "Postgres",
            ["Storage:ExpectedSilos"] = silos.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ConnectionStrings:Postgres"] = connectionString.ConnectionString,
        });
        builder.Logging.AddProvider(logs);
        builder.Services.AddChatSilo(builder.Configuration);
        using var host = builder.Build();

        await host.StartAsync();
        await host.StopAsync();

        var warned = logs.Entries.Any(e => e.Level == LogLevel.Warning && e.Message.Contains("max_connections", StringComparison.Ordinal));
        Assert.Equal(warns, warned);
    }
}
