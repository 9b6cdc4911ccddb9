using ChatBlock.Storage;

namespace ChatBlock.Grains.Users;

/// <summary>What a <see cref="UserGrain"/> holds in memory: the account and its outgoing block set.</summary>
internal sealed class UserGrainState
{
    /// <summary>The account; null when no user has this id.</summary>
    public UserRecord? User { get; set; }

    /// <summary>Blocked user id to block time in UTC ticks: one 36-byte dictionary entry per block.</summary>
    public Dictionary<Guid, long> Blocks { get; set; } = [];

    /// <summary><see cref="BlockSetStamps.Now"/> when <see cref="Blocks"/> was last read from storage.</summary>
    public long BlocksLoadedAt { get; set; }

    /// <summary>The security stamp and revoked token ids (SPEC section 11); null until first needed or after they changed.</summary>
    public TokenState? Tokens { get; set; }
}
