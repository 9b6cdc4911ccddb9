namespace ChatBlock.Api.Telemetry;

/// <summary>Registers the gateway's part of the telemetry (issue 14): the live stream gauge.</summary>
public static class TelemetrySetup
{
    /// <summary>Adds the <c>chatblock.streams.open</c> gauge of this silo's event streams.</summary>
    public static IServiceCollection AddChatTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddHostedService<StreamMetrics>();
        return services;
    }
}
