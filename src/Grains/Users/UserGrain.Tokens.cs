using ChatBlock.Storage;

namespace ChatBlock.Grains.Users;

/// <content>
/// Token revocation (SPEC section 11): the security stamp and revoked tokens, loaded on first use and dropped from memory
/// whenever they change here; other silos drop their whole activation through <see cref="UserAccountInvalidator"/>.
/// </content>
public sealed partial class UserGrain
{
    /// <inheritdoc />
    public async Task<bool> IsTokenValidAsync(long securityStamp, string tokenId)
    {
        if (_state.User is null)
        {
            return false;
        }

        var tokens = _state.Tokens ??= await store.GetTokenStateAsync(GetPrimaryKey(), StoreClock.Now(timeProvider));
        return tokens is not null && tokens.SecurityStamp == securityStamp && !tokens.RevokedTokenIds.Contains(tokenId);
    }

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
