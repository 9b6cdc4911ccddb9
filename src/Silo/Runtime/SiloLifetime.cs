using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChatBlock.Silo.Runtime;

/// <summary>Runs the idle collector while the host runs and deactivates every activation when it stops.</summary>
internal sealed partial class SiloLifetime(Catalog catalog, ILogger<SiloLifetime> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var idle = catalog.Options.IdleDeactivation;
        LogStarted(catalog.Options.SiloId, idle);
        if (idle <= TimeSpan.Zero)
        {
            return;
        }

        // Scan a few times per idle period, so an activation lives between 1x and 1.25x the configured idle time.
        var period = TimeSpan.FromTicks(Math.Max(idle.Ticks / 4, TimeSpan.FromMilliseconds(50).Ticks));
        using var timer = new PeriodicTimer(period);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            await catalog.CollectIdleAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await catalog.DeactivateAllAsync(DeactivationReason.ShuttingDown).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "Silo {SiloId} started; idle activations are deactivated after {IdleDeactivation}")]
    private partial void LogStarted(string siloId, TimeSpan idleDeactivation);
}
