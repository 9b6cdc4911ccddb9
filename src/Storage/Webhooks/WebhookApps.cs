using System.Text.Json;

namespace ChatBlock.Storage.Webhooks;

/// <summary>
/// The apps that have a webhook URL (SPEC section 8, "Webhooks"): the stores write outbox rows only for block changes of their
/// users, in the transaction of the change. Fixed at start (apps come from configuration); empty by default, and then a block
/// change runs no outbox statement at all, so the built-in app <see cref="UserRecord.DefaultAppId"/> pays nothing.
/// </summary>
public sealed class WebhookApps
{
    /// <summary>No app has a webhook.</summary>
    public static readonly WebhookApps None = new([]);

    /// <summary>The set of app ids (case-sensitive) whose block changes go to the outbox.</summary>
    public WebhookApps(IEnumerable<string> appIds)
    {
        ArgumentNullException.ThrowIfNull(appIds);
        AppIds = [.. appIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        AppIdsJson = JsonSerializer.Serialize(AppIds);
    }

    /// <summary>The app ids, ordinal order.</summary>
    public IReadOnlyList<string> AppIds { get; }

    /// <summary>Whether no app has a webhook (the stores then skip the outbox).</summary>
    public bool IsEmpty => AppIds.Count == 0;

    /// <summary>The app ids as a JSON array of strings (SQLite binds it and reads it with <c>json_each</c>).</summary>
    internal string AppIdsJson { get; }
}
