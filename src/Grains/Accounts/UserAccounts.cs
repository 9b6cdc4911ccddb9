using System.Text.RegularExpressions;
using ChatBlock.Storage;
using Microsoft.AspNetCore.Identity;

namespace ChatBlock.Grains.Accounts;

/// <summary>
/// Registration, sign-in and user search: stateless work straight against storage (an Orleans <c>[StatelessWorker]</c> in
/// spirit), kept out of grains so that password hashing never holds a grain's turn.
/// </summary>
public sealed partial class UserAccounts(IChatStore store, TimeProvider timeProvider)
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

    /// <summary>Users whose username starts with <paramref name="query"/> (case-insensitive), by username, 20 at most.</summary>
    public Task<IReadOnlyList<UserRecord>> SearchAsync(string query, CancellationToken cancellationToken = default) =>
        store.SearchUsersAsync(query.Trim().ToLowerInvariant(), SearchLimit, cancellationToken);

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

        if (password is null || password.Length < 8)
        {
            return "Password must be at least 8 characters.";
        }

        if (password.Length > MaxPasswordLength)
        {
            return $"Password must be at most {MaxPasswordLength} characters.";
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

    // \A and \z, not ^ and $: .NET's $ also matches before a final "\n", which let "victim\n" register as a lookalike of "victim".
    [GeneratedRegex(@"\A[a-zA-Z0-9_.-]{3,32}\z")]
    private static partial Regex UsernamePattern();
}
