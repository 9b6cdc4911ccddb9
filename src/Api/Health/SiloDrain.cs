using ChatBlock.Silo.Runtime;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Options;

namespace ChatBlock.Api.Health;

/// <summary>
/// Graceful drain of a stopping silo (issue 14), on the host's own stop sequence (SIGTERM, <see cref="IHost.StopAsync"/>): the
/// host signals <see cref="IHostApplicationLifetime.ApplicationStopping"/> first, from when <c>/readyz</c> answers 503 and live
/// streams end with a <c>retry</c> hint; then, before any hosted service stops, this keeps serving until no request is in flight
/// (at most half of <see cref="SiloOptions.DrainTimeout"/>) and stops the server: no new connections, and the accepted requests
/// finish within the rest of the timeout.
/// Only then do the other services stop: the grains are deactivated, the cluster channel closes, and the process exits 0.
/// </summary>
/// <remarks>
/// The server would otherwise stop last (hosted services stop in reverse order of registration, the web server being first), after
/// the grains it still serves were deactivated. Past the timeout, the connections still open are closed.
/// </remarks>
internal sealed partial class SiloDrain(
    IServer server, DrainState requests, IHostApplicationLifetime lifetime, IOptions<SiloOptions> options, ILogger<SiloDrain> logger)
    : IHostedLifecycleService
{
    /// <inheritdoc />
    /// <remarks>
    /// On SIGTERM the host signals <see cref="IHostApplicationLifetime.ApplicationStopping"/> before this runs; on a direct
    /// <see cref="IHost.StopAsync"/> it would signal it only after, so this signals it first (a second signal does nothing).
    /// </remarks>
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        lifetime.StopApplication();
        var timeout = options.Value.DrainTimeout;
        LogDraining(requests.InFlight, timeout);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        using var listening = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
        listening.CancelAfter(timeout / 2);
        try
        {
            // First half: still listening and serving, so that a balancer's probe sees /readyz 503 and sends no more, until no
            // request is in flight.
            await requests.WhenIdleAsync(listening.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Requests still arrive (nothing routes them elsewhere): stop accepting now.
        }

        // Then: no new connections; what was accepted finishes within what is left of the timeout, after which it is closed.
        await server.StopAsync(deadline.Token).ConfigureAwait(false);
        LogDrained(requests.InFlight);
    }

    /// <inheritdoc />
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(
        Level = LogLevel.Information, Message = "Draining: {InFlight} requests in flight, up to {DrainTimeout}; /readyz answers 503")]
    private partial void LogDraining(int inFlight, TimeSpan drainTimeout);

    [LoggerMessage(Level = LogLevel.Information, Message = "Drained: server stopped with {InFlight} requests left; deactivating grains")]
    private partial void LogDrained(int inFlight);
}
