using System.Diagnostics;

namespace ChatBlock.Silo.Telemetry;

/// <summary>
/// The product's one <see cref="ActivitySource"/>, <c>ChatBlock</c> (issue 14): a span per grain call (the runtime) and per store
/// round trip (the stores), nested under ASP.NET Core's request span through <see cref="Activity.Current"/>, so one send's path
/// shows end to end. Nothing is allocated while no listener (an OpenTelemetry tracer, an <see cref="ActivityListener"/>) samples.
/// </summary>
public static class ChatBlockTracing
{
    /// <summary>The source's name, for <c>AddSource</c> and listeners.</summary>
    public const string SourceName = "ChatBlock";

    /// <summary>The source every span of the product starts from.</summary>
    public static ActivitySource Source { get; } = new(SourceName);
}
