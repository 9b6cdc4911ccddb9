namespace ChatBlock.Grains;

/// <summary>Whether a group may put a user together with someone who blocks them (<c>Blocking:GroupAdds</c>, SPEC section 10).</summary>
public enum GroupAddPolicy
{
    /// <summary>
    /// Default: creating a group or adding members is refused (or, under <see cref="DisclosurePolicy.Shadow"/>, leaves that member
    /// out silently) when a new member blocks the creator or adder. Adding someone the adder blocks is the adder's own choice and
    /// allowed.
    /// </summary>
    Deny,

    /// <summary>The seeds' literal "groups are unaffected": blocks are not consulted when groups are made or grow.</summary>
    Allow,
}
