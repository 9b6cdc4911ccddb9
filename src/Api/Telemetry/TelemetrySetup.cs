namespace ChatBlock.Api.Telemetry;

/// <summary>Registers the gateway's part of the telemetry (issue 14): the live stream gauge and OTLP export.</summary>
public static class TelemetrySetup
{
    /// <summary>
    /// Adds the <c>chatblock.streams.open</c> gauge of this silo's event streams, the webhook outbox gauges and, when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set
    /// (environment or configuration), OTLP export of traces and metrics (see <see cref="OtlpExport"/>).
    /// </summary>
    public static IServiceCollection AddChatTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHostedService<StreamMetrics>();
        services.AddHostedService<WebhookOutboxMetrics>();
        if (OtlpExport.IsEnabled(configuration))
        {
            services.AddHostedService<OtlpExport>();
        }

        return services;
    }
}
