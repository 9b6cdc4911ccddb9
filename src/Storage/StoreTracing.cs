using System.Diagnostics;
using System.Runtime.CompilerServices;
using ChatBlock.Silo.Telemetry;

namespace ChatBlock.Storage;

/// <summary>
/// A span per store round trip on the <c>ChatBlock</c> source (issue 14), e.g. <c>postgresql AppendDirectMessageAsync</c>, child of
/// the grain call or request that made it. Null (nothing allocated) while no listener samples it.
/// </summary>
internal static class StoreTracing
{
    /// <summary>PostgreSQL's <c>db.system.name</c>.</summary>
    public const string Postgres = "postgresql";

    /// <summary>SQLite's <c>db.system.name</c>.</summary>
    public const string Sqlite = "sqlite";

    /// <summary>Starts the span of the calling store method; dispose it when the round trip is over.</summary>
    public static Activity? Start(string system, [CallerMemberName] string operation = "")
    {
        if (!ChatBlockTracing.Source.HasListeners())
        {
            return null;
        }

        var activity = ChatBlockTracing.Source.StartActivity($"{system} {operation}", ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("db.system.name", system);
            activity.SetTag("db.operation.name", operation);
        }

        return activity;
    }
}
