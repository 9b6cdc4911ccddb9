namespace ChatBlock.Storage;

/// <summary>
/// What decides whether a user's access tokens still work (SPEC section 11): the security stamp every token must carry, and the
/// ids of single tokens revoked by logout that have not expired yet.
/// </summary>
/// <param name="SecurityStamp">
/// Starts at 0 and grows by one whenever every token of the user must stop working (password change, account deletion).
/// </param>
/// <param name="RevokedTokenIds">Ids (<c>jti</c>) of this user's revoked tokens whose expiry is still ahead.</param>
public sealed record TokenState(long SecurityStamp, IReadOnlyList<string> RevokedTokenIds);
