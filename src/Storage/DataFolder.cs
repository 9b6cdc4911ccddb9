namespace ChatBlock.Storage;

/// <summary>
/// The data folder (<see cref="StorageOptions.DataPath"/>) and its private files: the folder is created with mode 0700 and files
/// with 0600, so that password hashes, messages and the signing key are not readable by other local users (issue 11, item 12).
/// Modes apply on Unix; on Windows the folder and files inherit the parent's access rules.
/// </summary>
public static class DataFolder
{
    /// <summary>Owner read, write and search: 0700.</summary>
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Owner read and write: 0600.</summary>
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>
    /// Creates <paramref name="path"/> (and missing parents) with mode 0700 when absent; an existing folder keeps its mode.
    /// </summary>
    /// <exception cref="IOException">The folder cannot be created.</exception>
    public static void Create(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, FolderMode);
        }
    }

    /// <summary>
    /// Creates the folder (<see cref="Create"/>) and an empty file <paramref name="fileName"/> in it with mode 0600 when absent; an
    /// existing file is set to 0600.
    /// </summary>
    /// <returns>The file's full path.</returns>
    /// <exception cref="IOException">The folder or file cannot be created.</exception>
    public static string CreatePrivateFile(string folder, string fileName)
    {
        Create(folder);
        var path = Path.Combine(folder, fileName);
        if (OperatingSystem.IsWindows())
        {
            return path;
        }

        try
        {
            using var created = new FileStream(path, new FileStreamOptions
            {
                Mode = System.IO.FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = FileMode,
            });
        }
        catch (IOException) when (File.Exists(path))
        {
            File.SetUnixFileMode(path, FileMode);
        }

        return path;
    }

    /// <summary>Writes <paramref name="contents"/> to a new file at <paramref name="path"/> with mode 0600 from the start.</summary>
    /// <exception cref="IOException">The file exists or cannot be written.</exception>
    public static void WritePrivateFile(string path, string contents)
    {
        var options = new FileStreamOptions { Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileMode;
        }

        using var writer = new StreamWriter(path, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false), options);
        writer.Write(contents);
    }
}
