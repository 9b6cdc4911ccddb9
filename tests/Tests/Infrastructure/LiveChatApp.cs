namespace ChatBlock.Tests.Infrastructure;

/// <summary>The app on a real Kestrel port, on SQLite: event streams and browsers talk real HTTP to it.</summary>
public sealed class LiveChatApp() : ChatApp(realServer: true);
