using System.Globalization;
using ChatBlock.Silo.Runtime;
using ChatBlock.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ChatBlock.Api.Health;

/// <summary>
/// <c>GET /healthz</c> (live: the process answers) and <c>GET /readyz</c> (ready: storage answers and the silo is not stopping,
/// else 503), and the graceful drain of a stopping silo (<see cref="SiloDrain"/>, issue 14).
/// </summary>
public static class HealthSetup
{
    private const string ReadyTag = "ready";
    private const string DrainTimeoutKey = SiloOptions.SectionName + ":" + nameof(SiloOptions.DrainTimeout);

    // Time left after the drain for the hosted services to stop (grains deactivated, channel closed).
    private static readonly TimeSpan ShutdownMargin = TimeSpan.FromSeconds(10);

    /// <summary>Registers the storage readiness check.</summary>
    public static IServiceCollection AddApiHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<StorageHealthCheck>("storage", tags: [ReadyTag])
            .AddCheck<StoppingHealthCheck>("stopping", tags: [ReadyTag]);
        // The drain: requests counted at the very front of the pipeline, and the host's stop waiting for them to be answered
        // (the host's shutdown timeout leaves room for Silo:DrainTimeout and the grains' deactivation after it).
        services.AddSingleton<DrainState>();
        services.AddTransient<IStartupFilter, DrainCountingStartupFilter>();
        services.AddHostedService<SiloDrain>();
        // Read from the configuration, not the silo's options: the host reads its options while it is built, before the
        // configuration checks, and a bad Silo value must still end in one "Configuration error" line.
        services.AddOptions<HostOptions>().Configure<IConfiguration>((host, configuration) =>
        {
            var drain = TimeSpan.TryParse(configuration[DrainTimeoutKey], CultureInfo.InvariantCulture, out var configured)
                ? configured
                : new SiloOptions().DrainTimeout;
            host.ShutdownTimeout = TimeSpan.FromTicks(Math.Max(host.ShutdownTimeout.Ticks, (drain + ShutdownMargin).Ticks));
        });
        return services;
    }

    /// <summary>Maps the two probes; neither needs a token.</summary>
    public static IEndpointRouteBuilder MapApiHealthChecks(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz", new() { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/readyz", new() { Predicate = check => check.Tags.Contains(ReadyTag) }).AllowAnonymous();
        return app;
    }

    // Not ready from the first moment of a stop: a balancer stops sending new requests while the accepted ones finish.
    private sealed class StoppingHealthCheck(IHostApplicationLifetime lifetime) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(lifetime.ApplicationStopping.IsCancellationRequested
                ? HealthCheckResult.Unhealthy("The silo is stopping.")
                : HealthCheckResult.Healthy());
    }

    // Counts every request from the front of the pipeline, before any other middleware.
    private sealed class DrainCountingStartupFilter(DrainState requests) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, nextMiddleware) =>
            {
                requests.Enter();
                try
                {
                    await nextMiddleware(context);
                }
                finally
                {
                    requests.Exit();
                }
            });
            next(app);
        };
    }

    private sealed class StorageHealthCheck(IChatStore store) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            try
            {
                return await store.PingAsync(timeout.Token)
                    ? HealthCheckResult.Healthy()
                    : HealthCheckResult.Unhealthy("Storage did not answer.");
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                return HealthCheckResult.Unhealthy("Storage is unreachable.", ex);
            }
        }
    }
}
