namespace ChatBlock.Storage;

/// <summary>
/// The provider-neutral part of a checked group change (SPEC section 10): given the requested members who block the actor, as a
/// store read them in its transaction, whether the change is refused and what it stores. Each store reads the blockers and writes
/// the result in its own way.
/// </summary>
internal static class GroupAdmission
{
    /// <summary>The requested ids, once each, that are not members of <paramref name="group"/> yet.</summary>
    public static List<Guid> Candidates(ConversationRecord group, IReadOnlyList<Guid> userIds) =>
        [.. userIds.Distinct().Where(id => !group.ParticipantIds.Contains(id))];

    /// <summary>
    /// A new group: refused (no conversation) when someone blocks the creator under <see cref="GroupBlockCheck.Refuse"/>, else
    /// <paramref name="conversation"/> as a group of its distinct participants without the blockers.
    /// </summary>
    public static GroupChange ForCreate(ConversationRecord conversation, IReadOnlyList<Guid> blockers, GroupBlockCheck check) =>
        IsRefused(blockers, check)
            ? new GroupChange(null, blockers)
            : new GroupChange(
                conversation with
                {
                    Kind = ConversationKind.Group,
                    ParticipantIds = [.. conversation.ParticipantIds.Distinct().Where(id => !blockers.Contains(id))],
                },
                blockers);

    /// <summary>
    /// <see cref="ForCreate"/> for a store that reads the blockers asynchronously: <paramref name="readBlockers"/> gets the creator
    /// (the first participant) and the others, and reads which of those block the creator in the store's transaction.
    /// </summary>
    public static async Task<GroupChange> ForCreateAsync(
        ConversationRecord conversation, GroupBlockCheck check, Func<Guid, List<Guid>, Task<List<Guid>>> readBlockers)
    {
        var blockers = await readBlockers(conversation.ParticipantIds[0], [.. conversation.ParticipantIds.Skip(1)]).ConfigureAwait(false);
        return ForCreate(conversation, blockers, check);
    }

    /// <summary>
    /// Members added to <paramref name="group"/>: the change to answer and the ids to store, in order (empty when there is nothing
    /// to write: refused, or every candidate blocks the adder). The group is unchanged when nobody is added.
    /// </summary>
    public static (GroupChange Change, List<Guid> Added) ForAdd(
        ConversationRecord group, IReadOnlyList<Guid> candidates, IReadOnlyList<Guid> blockers, GroupBlockCheck check)
    {
        if (IsRefused(blockers, check))
        {
            return (new GroupChange(null, blockers), []);
        }

        var added = candidates.Where(id => !blockers.Contains(id)).ToList();
        var updated = added.Count == 0 ? group : group with { ParticipantIds = [.. group.ParticipantIds, .. added] };
        return (new GroupChange(updated, blockers), added);
    }

    /// <summary>
    /// <see cref="ForAdd"/> for a store that reads the blockers asynchronously: nothing to do (no change, nothing added) when
    /// <paramref name="group"/> is absent, not a group, or <paramref name="adderId"/> is not a member; else reads the blockers of
    /// the candidates with <paramref name="readBlockers"/> (in the store's transaction) and decides.
    /// </summary>
    public static async Task<(GroupChange Change, List<Guid> Added)> ForAddAsync(
        ConversationRecord? group, Guid adderId, IReadOnlyList<Guid> userIds, GroupBlockCheck check,
        Func<List<Guid>, Task<List<Guid>>> readBlockers)
    {
        if (group is not { Kind: ConversationKind.Group } || !group.ParticipantIds.Contains(adderId))
        {
            return (new GroupChange(null, []), []);
        }

        var candidates = Candidates(group, userIds);
        var blockers = await readBlockers(candidates).ConfigureAwait(false);
        return ForAdd(group, candidates, blockers, check);
    }

    private static bool IsRefused(IReadOnlyList<Guid> blockers, GroupBlockCheck check) =>
        blockers.Count > 0 && check == GroupBlockCheck.Refuse;
}
