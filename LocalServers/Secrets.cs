using System.Security.Cryptography;

namespace Nacka.LocalServers;

/// <summary>
/// Passwords for local servers are generated on first run and kept next to the data they protect,
/// readable by the owner only: deleting the data folder resets both together, and the password can
/// never drift from what the server was initialised with.
/// </summary>
public static class Secrets
{
    public static string ReadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Letters and digits only: the value goes into connection strings and AMQP URIs unescaped.
        var password = RandomNumberGenerator.GetString("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 24);
        File.WriteAllText(path, password);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return password;
    }
}
