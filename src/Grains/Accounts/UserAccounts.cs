using System.Text.RegularExpressions;
using ChatBlock.Silo.Runtime;
using ChatBlock.Storage;
using Microsoft.AspNetCore.Identity;

namespace ChatBlock.Grains.Accounts;

/// <summary>
/// Registration, sign-in, user search, password change and account deletion (SPEC sections 4 and 11): stateless work straight
/// against storage (an Orleans <c>[StatelessWorker]</c> in spirit), kept out of grains so that password hashing never holds a
/// grain's turn; the changes that revoke tokens go through the user's grain.
/// </summary>
public sealed partial class UserAccounts(IChatStore store, TimeProvider timeProvider, IGrainFactory grains)
{
    /// <summary>Most results a search returns (SPEC section 4).</summary>
    public const int SearchLimit = 20;

    /// <summary>Longest username, in characters (SPEC section 4).</summary>
    public const int MaxUsernameLength = 32;

    /// <summary>Longest password, in characters.</summary>
    public const int MaxPasswordLength = 256;

    // Verified against when the username is unknown, so that both failures take the same time.
    private static readonly UserRecord DummyUser = new(Guid.Empty, "", "", null, DateTimeOffset.UnixEpoch, null);
    private static readonly Lazy<string> DummyHash = new(() => new PasswordHasher<UserRecord>().HashPassword(DummyUser, "not-a-password"));

    private readonly PasswordHasher<UserRecord> _hasher = new();

    /// <summary>Registers a user. The username is lower-cased; input must already be valid (see <see cref="Validate"/>).</summary>
    /// <returns>The new user, or null when the username is taken.</returns>
    public async Task<UserRecord?> RegisterAsync(
        string username, string password, string? displayName, string? avatarUrl, CancellationToken cancellationToken = default)
    {
        var normalized = username.ToLowerInvariant();
        var user = new UserRecord(
            Guid.CreateVersion7(), normalized, string.IsNullOrWhiteSpace(displayName) ? normalized : displayName.Trim(),
            string.IsNullOrWhiteSpace(avatarUrl) ? null : avatarUrl.Trim(), StoreClock.Now(timeProvider), null);
        var hash = _hasher.HashPassword(user, password);
        return await store.TryCreateUserAsync(user, hash, cancellationToken).ConfigureAwait(false) ? user : null;
    }

    /// <summary>Checks a username/password pair.</summary>
    /// <returns>The user, or null for an unknown username or a wrong password (the caller cannot tell which).</returns>
    public async Task<UserRecord?> SignInAsync(string username, string password, CancellationToken cancellationToken = default)
    {
        var found = await store.GetCredentialsAsync(username.ToLowerInvariant(), cancellationToken).ConfigureAwait(false);
        if (found is not { } credentials)
        {
            // Hash anyway, so that response time does not tell whether the username exists.
            _hasher.VerifyHashedPassword(DummyUser, DummyHash.Value, password);
            return null;
        }

        return _hasher.VerifyHashedPassword(credentials.User, credentials.PasswordHash, password) == PasswordVerificationResult.Failed
            ? null
            : credentials.User;
    }

    /// <summary>
    /// Users of app <paramref name="appId"/> whose username starts with <paramref name="query"/>, by username, 20 at most:
    /// case-insensitive in the built-in app (usernames are lower-case), case-sensitive in another (external ids; SPEC section 8).
    /// </summary>
    public Task<IReadOnlyList<UserRecord>> SearchAsync(string appId, string query, CancellationToken cancellationToken = default) =>
        store.SearchUsersAsync(
            appId, appId == UserRecord.DefaultAppId ? query.Trim().ToLowerInvariant() : query.Trim(), SearchLimit, cancellationToken);

    /// <summary>
    /// Why a registration is not acceptable, or null: username 3-32 of <c>a-z0-9_.-</c> (case-insensitive), password 8+
    /// characters, display name at most 64 characters, avatar an absolute http(s) URL of at most 2048 characters (SPEC section 4).
    /// </summary>
    public static string? Validate(string? username, string? password, string? displayName, string? avatarUrl)
    {
        if (username is null || !UsernamePattern().IsMatch(username))
        {
            return "Username must be 3-32 characters of a-z, 0-9, '_', '.' or '-'.";
        }

        if (ValidatePassword(password) is { } passwordError)
        {
            return passwordError;
        }

        if (displayName is { Length: > 64 })
        {
            return "Display name must be at most 64 characters.";
        }

        if (!string.IsNullOrWhiteSpace(avatarUrl)
            && (avatarUrl.Length > 2048 || !Uri.TryCreate(avatarUrl.Trim(), UriKind.Absolute, out var uri)
                || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            return "Avatar URL must be an absolute http or https URL.";
        }

        return null;
    }

    /// <summary>Why a password is not acceptable, or null: 8-256 characters (SPEC section 4).</summary>
    public static string? ValidatePassword(string? password) => password switch
    {
        null or { Length: < 8 } => "Password must be at least 8 characters.",
        { Length: > MaxPasswordLength } => $"Password must be at most {MaxPasswordLength} characters.",
        _ => null,
    };

    /// <summary>
    /// The security stamp a new token of <paramref name="userId"/> must carry (SPEC section 11), read from storage so that a token
    /// issued right after a password change on another silo carries the new one; null when the account is gone.
    /// </summary>
    public async Task<long?> GetSecurityStampAsync(Guid userId, CancellationToken cancellationToken = default) =>
        (await store.GetTokenStateAsync(userId, StoreClock.Now(timeProvider), cancellationToken).ConfigureAwait(false))?.SecurityStamp;

    /// <summary>
    /// Changes the password of <paramref name="userId"/> after checking <paramref name="currentPassword"/>; every token of the user
    /// stops working, on every silo (SPEC section 11). <paramref name="newPassword"/> must be valid (<see cref="ValidatePassword"/>).
    /// </summary>
    /// <returns>False when the current password is wrong or the account is gone (nothing changed).</returns>
    public async Task<bool> ChangePasswordAsync(
        Guid userId, string currentPassword, string newPassword, CancellationToken cancellationToken = default)
    {
        if (!await VerifyPasswordAsync(userId, currentPassword, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        // Hashed here, outside the grain's turn (hashing takes tens of milliseconds).
        var hash = _hasher.HashPassword(DummyUser, newPassword);
        return await grains.GetGrain<IUserGrain>(userId).ChangePasswordAsync(hash).ConfigureAwait(false);
    }

    /// <summary>
    /// Deletes the account of <paramref name="userId"/> after checking <paramref name="password"/> (SPEC section 11; see
    /// <see cref="IChatStore.DeleteUserAsync"/> for what goes and what stays), and makes this silo's grains of the users who had
    /// blocked them reload their block sets (other silos do on the <c>blocks</c> notification).
    /// </summary>
    /// <returns>False when the password is wrong or the account is already gone (nothing changed).</returns>
    public async Task<bool> DeleteAsync(Guid userId, string password, CancellationToken cancellationToken = default)
    {
        if (!await VerifyPasswordAsync(userId, password, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        var blockers = await grains.GetGrain<IUserGrain>(userId).DeleteAccountAsync().ConfigureAwait(false);
        if (blockers is null)
        {
            return false;
        }

        await Task.WhenAll(blockers.Select(b => grains.GetGrain<IUserGrain>(b).RefreshBlocksAsync())).ConfigureAwait(false);
        return true;
    }

    private async Task<bool> VerifyPasswordAsync(Guid userId, string password, CancellationToken cancellationToken)
    {
        var hash = await store.GetPasswordHashAsync(userId, cancellationToken).ConfigureAwait(false);
        return hash is not null
            && _hasher.VerifyHashedPassword(DummyUser, hash, password) != PasswordVerificationResult.Failed;
    }

    // \A and \z, not ^ and $: .NET's $ also matches before a final "\n", which let "victim\n" register as a lookalike of "victim".
    [GeneratedRegex(@"\A[a-zA-Z0-9_.-]{3,32}\z")]
    private static partial Regex UsernamePattern();
}
