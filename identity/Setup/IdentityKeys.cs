using Nacka.LocalServers;
using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Nacka.Identity.Setup;

/// <summary>
/// The provider's keys, kept as files in <c>Identity:KeysDirectory</c> (locally
/// <c>.local/identity/keys</c>, owner-only; in Kubernetes a mounted secret): RSA signing keys
/// <c>signing-*.pem</c> and one symmetric <c>encryption.key</c> for the codes and refresh tokens
/// only the provider reads. The first start creates one of each.
///
/// Rotation: add a newer signing key (<see cref="AddSigningKey"/>, or a file named to sort last)
/// and restart the provider. It signs with the newest and keeps publishing the older ones in its
/// JWKS until they are removed, so tokens already issued stay valid; the services fetch the new
/// key the first time they meet its key id (JwtBearer refreshes its metadata on an unknown key).
/// </summary>
public static class IdentityKeys
{
    public static string SigningKeyFile(string directory, DateTimeOffset at) => Path.Combine(directory, $"signing-{at:yyyyMMddTHHmmss}.pem");

    /// <summary>The signing keys, newest first, each with its file name as key id; creates the first.</summary>
    public static IReadOnlyList<RsaSecurityKey> SigningKeys(string directory)
    {
        Directory.CreateDirectory(directory);
        if (!Directory.EnumerateFiles(directory, "signing-*.pem").Any())
        {
            AddSigningKey(directory, DateTimeOffset.UtcNow);
        }

        return [.. Directory.EnumerateFiles(directory, "signing-*.pem").OrderDescending(StringComparer.Ordinal).Select(file =>
        {
            var rsa = RSA.Create();
            rsa.ImportFromPem(File.ReadAllText(file));
            return new RsaSecurityKey(rsa) { KeyId = Path.GetFileNameWithoutExtension(file) };
        })];
    }

    /// <summary>Writes a new 2048-bit RSA signing key (owner-only); the provider signs with it from its next start.</summary>
    public static string AddSigningKey(string directory, DateTimeOffset at)
    {
        Directory.CreateDirectory(directory);
        using var rsa = RSA.Create(2048);
        var file = SigningKeyFile(directory, at);
        Secrets.WriteOwnerOnly(file, rsa.ExportPkcs8PrivateKeyPem());
        return file;
    }

    /// <summary>The symmetric key that encrypts authorization codes and refresh tokens; creates it once.</summary>
    public static SymmetricSecurityKey EncryptionKey(string directory)
    {
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, "encryption.key");
        if (!File.Exists(file))
        {
            Secrets.WriteOwnerOnly(file, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        }

        return new SymmetricSecurityKey(Convert.FromBase64String(File.ReadAllText(file).Trim()));
    }
}
