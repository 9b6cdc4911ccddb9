using ChatBlock.Storage;

namespace ChatBlock.Grains.Users;

/// <summary>What a <see cref="UserGrain"/> holds in memory: the account and its outgoing block set.</summary>
internal sealed class UserGrainState
{
    /// <summary>The account; null when no user has this id.</summary>
    public UserRecord? User { get; set; }

    /// <summary>The outgoing blocks, with the expiry of timed ones and the notes (SPEC section 10).</summary>
    public BlockSet Blocks { get; set; } = new();

    /// <summary><see cref="BlockSetStamps.Now"/> when <see cref="Blocks"/> was last read from storage.</summary>
    public long BlocksLoadedAt { get; set; }

    /// <summary>The security stamp and revoked token ids (SPEC section 11); null until first needed or after they changed.</summary>
    public TokenState? Tokens { get; set; }
}
