using ChatBlock.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ChatBlock.Api.Health;

/// <summary><c>GET /healthz</c> (live: the process answers) and <c>GET /readyz</c> (ready: storage answers, else 503).</summary>
public static class HealthSetup
{
    private const string ReadyTag = "ready";

    /// <summary>Registers the storage readiness check.</summary>
    public static IServiceCollection AddApiHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<StorageHealthCheck>("storage", tags: [ReadyTag]);
        return services;
    }

    /// <summary>Maps the two probes; neither needs a token.</summary>
    public static IEndpointRouteBuilder MapApiHealthChecks(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz", new() { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/readyz", new() { Predicate = check => check.Tags.Contains(ReadyTag) }).AllowAnonymous();
        return app;
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
