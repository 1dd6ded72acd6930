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
        WriteOwnerOnly(path, password);
        return password;
    }

    /// <summary>
    /// Writes <paramref name="content"/> to a file only its owner can read or write. The mode is given at
    /// creation, so the secret is never readable by others, not even for a moment.
    /// </summary>
    public static void WriteOwnerOnly(string path, string content)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(path, options))
        {
            writer.Write(content);
        }

        if (!OperatingSystem.IsWindows())
        {
            // UnixCreateMode applies only when the file is new; an existing file is narrowed too.
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
