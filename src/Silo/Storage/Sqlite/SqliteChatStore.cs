namespace ChatBlock.Silo.Storage.Sqlite;

/// <summary>PLACEHOLDER: being written.</summary>
public sealed class SqliteChatStore;
