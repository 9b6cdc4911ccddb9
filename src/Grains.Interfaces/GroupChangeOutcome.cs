namespace ChatBlock.Grains;

/// <summary>What a group creation or member add decided (SPEC section 10, "Groups").</summary>
public enum GroupChangeOutcome
{
    /// <summary>Stored; under <see cref="DisclosurePolicy.Shadow"/> members who block the caller may have been left out silently.</summary>
    Changed,

    /// <summary>The group does not exist or the caller is not a member (a 404).</summary>
    ConversationNotFound,

    /// <summary>Refused, nothing stored: a new member blocks the caller (<see cref="DisclosurePolicy.Explicit"/>).</summary>
    MemberBlocked,

    /// <summary>Refused, nothing stored, the reason not disclosed (<see cref="DisclosurePolicy.Discreet"/>).</summary>
    MembersNotAdded,
}
