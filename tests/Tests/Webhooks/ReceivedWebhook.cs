using System.Text.Json;

namespace ChatBlock.Tests.Webhooks;

/// <summary>One POST the <see cref="WebhookReceiver"/> accepted (its signature verified).</summary>
/// <param name="Body">The raw body as text.</param>
/// <param name="DeliveryId">The <c>X-ChatBlock-Delivery</c> header.</param>
/// <param name="ContentType">The <c>Content-Type</c> header.</param>
public sealed record ReceivedWebhook(string Body, string DeliveryId, string? ContentType)
{
    /// <summary>The parsed body (<c>{id, type, appId, createdAt, data}</c>).</summary>
    public JsonElement Json { get; } = JsonDocument.Parse(Body).RootElement.Clone();

    /// <summary>The event's <c>type</c>.</summary>
    public string Type => Json.GetProperty("type").GetString()!;

    /// <summary>The event's <c>data</c>.</summary>
    public JsonElement Data => Json.GetProperty("data");
}
