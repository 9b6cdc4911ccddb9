namespace ChatBlock.Tests.Infrastructure;

/// <summary>A <see cref="LiveChatApp"/> with a very short keep-alive interval, so that a test sees keep-alive comments soon.</summary>
public sealed class KeepAliveLiveChatApp()
    : ChatApp(settings: new Dictionary<string, string?> { ["Events:KeepAliveInterval"] = "00:00:00.050" }, realServer: true);
