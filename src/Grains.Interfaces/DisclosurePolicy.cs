namespace ChatBlock.Grains;

/// <summary>What a sender learns when the recipient blocks them (SPEC section 5, <c>Blocking:Disclosure</c>).</summary>
public enum DisclosurePolicy
{
    /// <summary>Refused with <c>403 message.blocked_by_recipient</c>; the relationship shows <c>blockedMe</c>. Default.</summary>
    Explicit,

    /// <summary>Refused with <c>403 message.not_delivered</c> and nothing that tells why.</summary>
    Discreet,

    /// <summary>Answered <c>201</c> as if sent; stored visible to the sender alone and never delivered.</summary>
    Shadow,
}
