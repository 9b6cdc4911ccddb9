namespace ChatBlock.Grains.Apps;

/// <summary>One configured app, bound from <c>Apps:{appId}</c> (SPEC section 8).</summary>
public sealed class AppOptions
{
    /// <summary>The public key the app's clients send as <c>IM-CLIENT-KEY</c>; required, 1-256 characters.</summary>
    public string? ClientKey { get; set; }

    /// <summary>
    /// The secret the app's backend sends as <c>Authorization: Bearer</c> on the server API and with which webhooks are signed;
    /// required, at least <see cref="AppRegistry.MinServerKeyLength"/> characters. Compared in constant time, never logged.
    /// </summary>
    public string? ServerKey { get; set; }

    /// <summary>Where block events are POSTed (absolute http or https URL); none when null or empty.</summary>
    public string? WebhookUrl { get; set; }
}
