using System.Security.Cryptography;
using System.Text;
using ChatBlock.Storage;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace ChatBlock.Api.Auth;

/// <summary>Provides the token signing key: <c>Auth:SigningKey</c>, or one generated once and kept in the data folder.</summary>
public sealed class SigningKeyStore
{
    /// <summary>File name of the generated key inside the data folder.</summary>
    public const string FileName = "signing-key";

    /// <summary>Loads or creates the key.</summary>
    /// <exception cref="InvalidOperationException"><c>Auth:SigningKey</c> is shorter than 32 bytes.</exception>
    public SigningKeyStore(IOptions<AuthOptions> auth, IOptions<StorageOptions> storage)
    {
        var configured = auth.Value.SigningKey;
        var bytes = string.IsNullOrEmpty(configured) ? LoadOrCreate(storage.Value.FullDataPath) : Encoding.UTF8.GetBytes(configured);
        if (bytes.Length < 32)
        {
            throw new InvalidOperationException("Auth:SigningKey must be at least 32 bytes (UTF-8).");
        }

        Key = new SymmetricSecurityKey(bytes);
    }

    /// <summary>The HMAC key.</summary>
    public SymmetricSecurityKey Key { get; }

    private static byte[] LoadOrCreate(string dataPath)
    {
        var path = Path.Combine(dataPath, FileName);
        if (File.Exists(path))
        {
            return Encoding.UTF8.GetBytes(File.ReadAllText(path).Trim());
        }

        // The folder 0700 and the key file 0600 from the moment it exists (DataFolder), never readable by other local users.
        DataFolder.Create(dataPath);
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        DataFolder.WritePrivateFile(temp, key);

        try
        {
            // Atomic: a concurrent first start keeps whichever key landed first.
            File.Move(temp, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temp);
        }

        return Encoding.UTF8.GetBytes(File.ReadAllText(path).Trim());
    }
}
