using ChatBlock.Storage.Clustering;
using ChatBlock.Silo.Runtime;
using ChatBlock.Storage.Memory;
using ChatBlock.Storage.Postgres;
using ChatBlock.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ChatBlock.Storage;

/// <summary>Registers the <see cref="IChatStore"/> and <see cref="IClusterChannel"/> chosen by <c>Storage:Provider</c>.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>The name under <c>ConnectionStrings</c> of the PostgreSQL connection string.</summary>
    public const string PostgresConnectionStringName = "Postgres";

    // Npgsql's automatic preparation: how many statements each connection keeps prepared when the connection string is silent.
    private const string AutoPrepareKeyword = "Max Auto Prepare";
    private const int DefaultMaxAutoPrepare = 32;

    /// <summary>
    /// Adds the store and cluster channel for the configured provider, and a hosted service that creates or migrates the schema
    /// before the host starts serving.
    /// </summary>
    /// <remarks>
    /// Memory: a <see cref="MemoryDatabase"/> and <see cref="InMemoryClusterNetwork"/> registered beforehand are shared (a test
    /// cluster registers the same instances in each silo); otherwise each silo gets its own.
    /// Postgres: an <see cref="NpgsqlDataSource"/> from <c>ConnectionStrings:Postgres</c> (unless one is registered beforehand), a
    /// <see cref="PostgresClusterChannel"/> that is also a hosted service, the <see cref="PostgresChatStore"/>, and a start-up check
    /// that warns when <c>Storage:ExpectedSilos</c> pools together exceed the server's <c>max_connections</c>.
    /// An unknown <c>Storage:Provider</c>, or <c>Postgres</c> without <c>ConnectionStrings:Postgres</c>, fails the options check at
    /// start (<see cref="OptionsValidationException"/>, naming the key) rather than throwing here.
    /// </remarks>
    public static IServiceCollection AddChatStorage(this IServiceCollection services, IConfiguration configuration)
    {
        var dataSourceGiven = services.Any(d => d.ServiceType == typeof(NpgsqlDataSource));
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.SectionName))
            .Validate(o => Enum.IsDefined(o.Provider), "Storage:Provider must be Sqlite, Postgres or Memory.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.DataPath), "Storage:DataPath must not be empty.")
            .Validate(o => o.ExpectedSilos >= 1, "Storage:ExpectedSilos must be 1 or more.")
            .Validate(
                o => o.Provider != StorageProvider.Postgres || dataSourceGiven
                    || !string.IsNullOrWhiteSpace(configuration.GetConnectionString(PostgresConnectionStringName)),
                $"ConnectionStrings:{PostgresConnectionStringName} must be set when Storage:Provider is Postgres (for example "
                + $"ConnectionStrings__{PostgresConnectionStringName}=\"Host=db;Username=chat;Password=...;Database=chat\").")
            .ValidateOnStart();
        // Read without the binder, which would throw here, before the configuration checks can name the key: an unknown value
        // registers the default provider's services and the options check above stops the start with one line (issue 14).
        var provider = Enum.TryParse<StorageProvider>(
            configuration.GetSection(StorageOptions.SectionName)[nameof(StorageOptions.Provider)], ignoreCase: true, out var parsed)
            && Enum.IsDefined(parsed) ? parsed : StorageProvider.Sqlite;
        switch (provider)
        {
            case StorageProvider.Memory:
                services.TryAddSingleton<MemoryDatabase>();
                AddInMemoryChannel(services);
                services.TryAddSingleton<IChatStore, MemoryChatStore>();
                break;
            case StorageProvider.Sqlite:
                AddInMemoryChannel(services);
                services.TryAddSingleton<IChatStore, SqliteChatStore>();
                break;
            case StorageProvider.Postgres:
                AddPostgres(services, configuration);
                break;
        }

        services.AddHostedService<StorageInitializer>();
        return services;
    }

    // One process: notifications stay in it (a test cluster registers one shared network for all its silos beforehand).
    private static void AddInMemoryChannel(IServiceCollection services)
    {
        services.TryAddSingleton<InMemoryClusterNetwork>();
        services.TryAddSingleton<IClusterChannel>(sp => new InMemoryClusterChannel(
            sp.GetRequiredService<InMemoryClusterNetwork>(), sp.GetRequiredService<IOptions<SiloOptions>>().Value.SiloId));
    }

    // The data source, the LISTEN/NOTIFY channel (a hosted service, so it listens before the server starts) and the store. The
    // connection string is read when the data source is first needed, so configuration added later (tests) still counts.
    private static void AddPostgres(IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(sp => CreateDataSource(configuration, sp.GetService<ILoggerFactory>()));
        services.TryAddSingleton(sp => new PostgresClusterChannel(
            sp.GetRequiredService<NpgsqlDataSource>(),
            sp.GetRequiredService<IOptions<SiloOptions>>().Value.SiloId,
            sp.GetService<ILogger<PostgresClusterChannel>>(),
            sp.GetService<TimeProvider>()));
        services.TryAddSingleton<IClusterChannel>(sp => sp.GetRequiredService<PostgresClusterChannel>());
        services.AddHostedService(sp => sp.GetRequiredService<PostgresClusterChannel>());
        services.TryAddSingleton<IChatStore, PostgresChatStore>();
        services.AddHostedService<PostgresPoolCheck>();
    }

    // Npgsql logs no parameter values unless parameter logging is enabled, so message contents stay out of the logs.
    private static NpgsqlDataSource CreateDataSource(IConfiguration configuration, ILoggerFactory? loggerFactory)
    {
        var connectionString = configuration.GetConnectionString(PostgresConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"Storage:Provider is Postgres but ConnectionStrings:{PostgresConnectionStringName} is not set (for example "
                + $"ConnectionStrings__{PostgresConnectionStringName}=\"Host=db;Username=chat;Password=...;Database=chat\").");
        }

        var builder = new NpgsqlDataSourceBuilder(connectionString);
        // Every send runs the same few statements: let Npgsql prepare them on the server after a second use instead of having
        // PostgreSQL parse and plan them on every request, unless the connection string says otherwise.
        // (NpgsqlConnectionStringBuilder.ContainsKey answers whether a keyword is known, not whether it was given: ask the raw string.)
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!given.ContainsKey(AutoPrepareKeyword) && !given.ContainsKey(AutoPrepareKeyword.Replace(" ", "", StringComparison.Ordinal)))
        {
            builder.ConnectionStringBuilder.MaxAutoPrepare = DefaultMaxAutoPrepare;
        }

        if (loggerFactory is not null)
        {
            builder.UseLoggerFactory(loggerFactory);
        }

        return builder.Build();
    }

    /// <summary>Runs <see cref="IChatStore.InitializeAsync"/> before anything else starts.</summary>
    private sealed class StorageInitializer(IChatStore store) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => store.InitializeAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
