using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChatBlock.Silo.Runtime;

/// <summary>Registers the grain runtime, the way <c>UseOrleans</c> does for Orleans.</summary>
public static class SiloServiceCollectionExtensions
{
    /// <summary>
    /// Adds the grain runtime: <see cref="IGrainFactory"/>, <see cref="IActivationControl"/> and the idle collector, with
    /// <see cref="SiloOptions"/> bound from the <c>Silo</c> section of <paramref name="configuration"/>.
    /// </summary>
    public static IServiceCollection AddSilo(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SiloOptions>()
            .Bind(configuration.GetSection(SiloOptions.SectionName))
            .Validate(
                o => o.IdleDeactivation >= TimeSpan.Zero,
                "Silo:IdleDeactivation must be 0 or more (a time span, e.g. 00:10:00; 0 keeps activations).")
            .Validate(
                o => o.DrainTimeout >= TimeSpan.Zero && o.DrainTimeout <= TimeSpan.FromMinutes(10),
                "Silo:DrainTimeout must be between 0 and 10 minutes (a time span, e.g. 00:00:20).")
            .ValidateOnStart()
            .PostConfigure(o => o.SiloId = string.IsNullOrWhiteSpace(o.SiloId) ? $"silo-{Guid.NewGuid():N}"[..13] : o.SiloId);
        services.TryAddSingleton<GrainTypeRegistry>();
        services.TryAddSingleton<Catalog>();
        services.TryAddSingleton<IActivationControl>(sp => sp.GetRequiredService<Catalog>());
        services.TryAddSingleton(sp => sp.GetRequiredService<Catalog>().GrainFactory);
        services.AddHostedService<SiloLifetime>();
        return services;
    }

    /// <summary>Registers <typeparamref name="TGrain"/> as the class that activates for <typeparamref name="TInterface"/>.</summary>
    public static IServiceCollection AddGrain<TInterface, TGrain>(this IServiceCollection services)
        where TInterface : IGrainWithGuidKey
        where TGrain : Grain, TInterface
    {
        services.AddSingleton(new GrainRegistration(typeof(TInterface), typeof(TGrain)));
        return services;
    }
}
