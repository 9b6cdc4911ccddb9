namespace ChatBlock.Tests.Infrastructure;

/// <summary>A <see cref="LiveChatApp"/> under <c>Blocking:Disclosure=Shadow</c> (SPEC section 5).</summary>
public sealed class ShadowLiveChatApp()
    : ChatApp(settings: new Dictionary<string, string?> { ["Blocking:Disclosure"] = "Shadow" }, realServer: true);
