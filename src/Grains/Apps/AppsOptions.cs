namespace ChatBlock.Grains.Apps;

/// <summary>
/// The configured apps, bound from the <c>Apps</c> section: one entry per app id (<c>Apps:{appId}:ClientKey</c>, <c>:ServerKey</c>,
/// <c>:WebhookUrl</c>; SPEC section 8). The built-in app <see cref="Storage.UserRecord.DefaultAppId"/> is not configured here.
/// </summary>
public sealed class AppsOptions : Dictionary<string, AppOptions>
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Apps";

    /// <summary>An empty set, app ids compared ordinally (case-sensitive).</summary>
    public AppsOptions()
        : base(StringComparer.Ordinal)
    {
    }
}
