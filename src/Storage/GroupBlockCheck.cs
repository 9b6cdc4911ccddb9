namespace ChatBlock.Storage;

/// <summary>
/// How a group change (<see cref="IChatStore.CreateGroupAsync"/>, <see cref="IChatStore.AddGroupMembersAsync"/>) treats a new
/// member who blocks the user making the change (SPEC section 10, "Groups").
/// </summary>
public enum GroupBlockCheck
{
    /// <summary><c>Blocking:GroupAdds=Allow</c>: blocks are not consulted (the seeds' "groups are unaffected").</summary>
    None,

    /// <summary>
    /// <c>Deny</c> under <c>Explicit</c> or <c>Discreet</c>: one such member refuses the whole change; nothing is stored.
    /// </summary>
    Refuse,

    /// <summary><c>Deny</c> under <c>Shadow</c>: such members are left out silently and the rest of the change is stored.</summary>
    Skip,
}
