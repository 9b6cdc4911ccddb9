namespace ChatBlock.Api.Webhooks;

/// <summary>The headers of a webhook POST (SPEC section 8).</summary>
public static class WebhookHeaders
{
    /// <summary><c>sha256=</c> and the lower-case hex HMAC-SHA256 of the raw body, keyed with the app's server key.</summary>
    public const string Signature = "X-ChatBlock-Signature";

    /// <summary>The event's id, the same on every try: receivers drop a delivery they have seen (delivery is at least once).</summary>
    public const string Delivery = "X-ChatBlock-Delivery";

    /// <summary>The event's type (also in the body).</summary>
    public const string Event = "X-ChatBlock-Event";
}
