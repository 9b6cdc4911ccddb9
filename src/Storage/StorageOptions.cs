namespace ChatBlock.Storage;

/// <summary>Storage settings, bound from the <c>Storage</c> configuration section (SPEC sections 3 and 7).</summary>
public sealed class StorageOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Storage";

    /// <summary><c>Sqlite</c> (default), <c>Postgres</c> or <c>Memory</c> (tests only).</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>Folder for the SQLite file and the generated signing key; relative paths are under the current directory.</summary>
    public string DataPath { get; set; } = "data";

    /// <summary>
    /// How many silos are expected to share the PostgreSQL database (default 1). At start a silo warns when this times its pool's
    /// <c>Maximum Pool Size</c> exceeds what the server accepts (<c>max_connections</c> less
    /// <c>superuser_reserved_connections</c>): past that, requests fail with <c>53300 too many clients</c> under load.
    /// </summary>
    public int ExpectedSilos { get; set; } = 1;

    /// <summary>The full path of <see cref="DataPath"/>.</summary>
    public string FullDataPath => Path.GetFullPath(DataPath);
}

/// <summary>Which <see cref="IChatStore"/> a silo uses.</summary>
public enum StorageProvider
{
    /// <summary>A SQLite file in the data folder; one silo.</summary>
    Sqlite,

    /// <summary>PostgreSQL from <c>ConnectionStrings:Postgres</c>; several silos may share it.</summary>
    Postgres,

    /// <summary>Process memory; for tests.</summary>
    Memory,
}
