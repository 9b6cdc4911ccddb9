using ChatBlock.Storage;

namespace ChatBlock.Grains.Users;

/// <content>
/// Token revocation (SPEC section 11): the security stamp and revoked tokens, loaded on first use and dropped from memory
/// whenever they change here; other silos drop their whole activation through <see cref="UserAccountInvalidator"/>.
/// </content>
public sealed partial class UserGrain
{
    /// <inheritdoc />
    /// <remarks>
    /// A read-only call: it runs only between write turns, so <see cref="RevokeTokenAsync"/>'s and the others' dropping of the
    /// token state cannot race with a load here. Read-only calls may load at the same time; each sets the same state.
    /// </remarks>
    public ValueTask<bool> IsTokenValidAsync(long securityStamp, string tokenId)
    {
        if (_state.User is null)
        {
            return new(false);
        }

        return _state.Tokens is { } tokens
            ? new(Accepts(tokens, securityStamp, tokenId))
            : LoadTokensThenAsync(securityStamp, tokenId);
    }

    private async ValueTask<bool> LoadTokensThenAsync(long securityStamp, string tokenId)
    {
        var tokens = await store.GetTokenStateAsync(GetPrimaryKey(), StoreClock.Now(timeProvider));
        _state.Tokens = tokens;
        return tokens is not null && Accepts(tokens, securityStamp, tokenId);
    }

    private static bool Accepts(TokenState tokens, long securityStamp, string tokenId) =>
        tokens.SecurityStamp == securityStamp && !tokens.RevokedTokenIds.Contains(tokenId);

    /// <inheritdoc />
    public async Task RevokeTokenAsync(string tokenId, DateTimeOffset expiresAt)
    {
        _state.Tokens = null;
        await store.RevokeTokenAsync(GetPrimaryKey(), tokenId, StoreClock.Normalize(expiresAt), StoreClock.Now(timeProvider));
    }

    /// <inheritdoc />
    public async Task<bool> ChangePasswordAsync(string passwordHash)
    {
        _state.Tokens = null;
        return _state.User is not null && await store.ChangePasswordAsync(GetPrimaryKey(), passwordHash) is not null;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Guid>?> DeleteAccountAsync()
    {
        if (_state.User is null)
        {
            return null;
        }

        var blockers = await store.DeleteUserAsync(GetPrimaryKey(), StoreClock.Now(timeProvider));
        _state.User = null;
        _state.Tokens = null;
        _state.Blocks = _state.Blocks.Cleared();
        return blockers;
    }
}
