using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using ChatBlock.Storage;
using Microsoft.Extensions.Options;

namespace ChatBlock.Grains.Apps;

/// <summary>
/// The apps this service knows (SPEC section 8): the built-in <see cref="UserRecord.DefaultAppId"/> of register/login accounts,
/// and those configured under <c>Apps</c> (validated at start by <see cref="AppsOptionsValidator"/>). Shared by the gateway
/// (server API, IM API) and background work (webhooks).
/// </summary>
public sealed partial class AppRegistry
{
    /// <summary>Shortest server key, in characters (SPEC section 8).</summary>
    public const int MinServerKeyLength = 32;

    /// <summary>Longest client key, in characters.</summary>
    public const int MaxClientKeyLength = 256;

    /// <summary>Longest external id, in characters (SPEC section 8).</summary>
    public const int MaxExternalIdLength = 128;

    private readonly Dictionary<string, RegisteredApp> _apps;

    /// <summary>The registry of the configured apps.</summary>
    public AppRegistry(IOptions<AppsOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _apps = options.Value.ToDictionary(a => a.Key, a => new RegisteredApp(a.Key, a.Value), StringComparer.Ordinal);
        Apps = [.. _apps.Values.OrderBy(a => a.Id, StringComparer.Ordinal)];
    }

    /// <summary>The configured apps (not <see cref="UserRecord.DefaultAppId"/>), by id.</summary>
    public IReadOnlyList<RegisteredApp> Apps { get; }

    /// <summary>The configured app <paramref name="appId"/> (case-sensitive); false for the built-in app and unknown ids.</summary>
    public bool TryGet(string? appId, [NotNullWhen(true)] out RegisteredApp? app)
    {
        app = null;
        return appId is not null && _apps.TryGetValue(appId, out app);
    }

    /// <summary>Whether <paramref name="appId"/> is the built-in app or a configured one.</summary>
    public bool IsKnown(string? appId) => appId == UserRecord.DefaultAppId || (appId is not null && _apps.ContainsKey(appId));

    /// <summary>Whether <paramref name="appId"/> has the shape of an app id: 1-64 of <c>A-Za-z0-9_-</c> (SPEC section 8).</summary>
    public static bool IsValidAppId([NotNullWhen(true)] string? appId) => appId is not null && AppIdPattern().IsMatch(appId);

    /// <summary>
    /// Whether <paramref name="externalId"/> has the shape of an external id: 1-128 of <c>A-Za-z0-9_.@:-</c>, case-sensitive
    /// (SPEC section 8).
    /// </summary>
    public static bool IsValidExternalId([NotNullWhen(true)] string? externalId) =>
        externalId is not null && ExternalIdPattern().IsMatch(externalId);

    // \A and \z, not ^ and $: .NET's $ also matches before a final "\n".
    [GeneratedRegex(@"\A[A-Za-z0-9_-]{1,64}\z")]
    private static partial Regex AppIdPattern();

    [GeneratedRegex(@"\A[A-Za-z0-9_.@:-]{1,128}\z")]
    private static partial Regex ExternalIdPattern();
}
