using System.Security.Cryptography;
using System.Text;

namespace ChatBlock.Grains.Apps;

/// <summary>
/// A configured app (SPEC section 8): its id, client key and webhook URL. The server key stays inside: it can only be checked
/// (<see cref="IsServerKey"/>, constant time) or used to sign a webhook body (<see cref="SignWebhook"/>), so it is never logged
/// or serialized by accident.
/// </summary>
public sealed class RegisteredApp
{
    private readonly byte[] _clientKey;
    private readonly byte[] _serverKey;

    /// <summary>An app from its validated options.</summary>
    /// <param name="id">The app id.</param>
    /// <param name="options">Its options (client key and server key present).</param>
    public RegisteredApp(string id, AppOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Id = id;
        ClientKey = options.ClientKey ?? "";
        _clientKey = Encoding.UTF8.GetBytes(ClientKey);
        _serverKey = Encoding.UTF8.GetBytes(options.ServerKey ?? "");
        WebhookUrl = string.IsNullOrEmpty(options.WebhookUrl) ? null : new Uri(options.WebhookUrl, UriKind.Absolute);
    }

    /// <summary>The app id (1-64 of <c>A-Za-z0-9_-</c>).</summary>
    public string Id { get; }

    /// <summary>The public key its clients send as <c>IM-CLIENT-KEY</c>.</summary>
    public string ClientKey { get; }

    /// <summary>Where its block events are POSTed, or null.</summary>
    public Uri? WebhookUrl { get; }

    /// <summary>Whether <paramref name="presented"/> is this app's server key, compared in constant time.</summary>
    public bool IsServerKey(string? presented) => Matches(_serverKey, presented);

    /// <summary>Whether <paramref name="presented"/> is this app's client key, compared in constant time.</summary>
    public bool IsClientKey(string? presented) => Matches(_clientKey, presented);

    /// <summary>
    /// The webhook signature of a raw body: <c>sha256=</c> and the lower-case hex HMAC-SHA256 of <paramref name="body"/> keyed with
    /// the server key (SPEC section 8, <c>X-ChatBlock-Signature</c>).
    /// </summary>
    public string SignWebhook(ReadOnlySpan<byte> body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(_serverKey, body));

    /// <summary>The app id (never a key).</summary>
    public override string ToString() => Id;

    private static bool Matches(byte[] expected, string? presented)
    {
        if (presented is null || expected.Length == 0)
        {
            return false;
        }

        // Compare fixed-length digests, so that neither the content nor the length of the key leaks through timing.
        var given = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(expected), given);
    }
}
