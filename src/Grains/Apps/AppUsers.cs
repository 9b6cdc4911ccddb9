using ChatBlock.Silo.Runtime;
using ChatBlock.Storage;

namespace ChatBlock.Grains.Apps;

/// <summary>
/// An app's users, known by their external ids (SPEC section 8): created or updated by the app's backend (server API), found by
/// external id within one app only. Stateless work against storage, like <see cref="Accounts.UserAccounts"/>.
/// </summary>
public sealed class AppUsers(IChatStore store, TimeProvider timeProvider, IActivationControl activations)
{
    /// <summary>Longest nickname (display name), in characters, as for register/login accounts.</summary>
    public const int MaxNicknameLength = 64;

    /// <summary>
    /// Creates user <paramref name="externalId"/> of app <paramref name="appId"/>, or sets its nickname and avatar; input must be
    /// valid (<see cref="Validate"/>). An updated user's grain is dropped on this silo (and by the store's notification on every
    /// other), so that its next call shows the new profile.
    /// </summary>
    /// <returns>The stored user and whether it was created now.</returns>
    public async Task<(UserRecord User, bool Created)> PutAsync(
        string appId, string externalId, string nickname, string? avatarUrl, CancellationToken cancellationToken = default)
    {
        var user = new UserRecord(
            Guid.CreateVersion7(), externalId, nickname.Trim(), string.IsNullOrWhiteSpace(avatarUrl) ? null : avatarUrl.Trim(),
            StoreClock.Now(timeProvider), null) { AppId = appId };
        var (stored, created) = await store.PutAppUserAsync(user, cancellationToken).ConfigureAwait(false);
        if (!created)
        {
            await activations.DeactivateAsync<IUserGrain>(stored.Id, DeactivationReason.Invalidated).ConfigureAwait(false);
        }

        return (stored, created);
    }

    /// <summary>The active user <paramref name="externalId"/> of app <paramref name="appId"/>; null if none (never another's).</summary>
    public Task<UserRecord?> FindAsync(string appId, string externalId, CancellationToken cancellationToken = default) =>
        store.GetUserByNameAsync(appId, externalId, cancellationToken);

    /// <summary>
    /// Why a put is not acceptable, or null: external id 1-128 of <c>A-Za-z0-9_.@:-</c>, nickname 1-64 characters, avatar an
    /// absolute http(s) URL of at most 2048 characters (SPEC sections 4 and 8).
    /// </summary>
    public static string? Validate(string externalId, string? nickname, string? avatarUrl)
    {
        if (!AppRegistry.IsValidExternalId(externalId))
        {
            return "The external id must be 1-128 characters of A-Z, a-z, 0-9, '_', '.', '@', ':' or '-'.";
        }

        if (string.IsNullOrWhiteSpace(nickname) || nickname.Trim().Length > MaxNicknameLength)
        {
            return $"'nickname' must be 1-{MaxNicknameLength} characters.";
        }

        if (!string.IsNullOrWhiteSpace(avatarUrl)
            && (avatarUrl.Length > 2048 || !Uri.TryCreate(avatarUrl.Trim(), UriKind.Absolute, out var uri)
                || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            return "'avatarUrl' must be an absolute http or https URL.";
        }

        return null;
    }
}
