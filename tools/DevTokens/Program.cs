namespace Nacka.DevTokens;

/// <summary>
/// <c>./build.sh token &lt;role&gt; [name]</c>: prints a token from the running system's identity
/// provider (<c>NACKA_IDENTITY_URL</c>, default <c>http://localhost:5090</c>) for the local
/// <c>nacka-cli</c> machine client, whose secret the first <c>./build.sh run</c> wrote to
/// <c>.local/identity/clients/nacka-cli.secret</c>. The token alone is the last line.
/// </summary>
internal static class TokenCommand
{
    private static async Task<int> Main(string[] args)
    {
        if (args.Length < 2 || args[1] is not ("registrar" or "ks-secretariat" or "admin"))
        {
            Console.Error.WriteLine("usage: token <data-directory> registrar|ks-secretariat|admin [name]");
            return 2;
        }

        var secretFile = ProviderTokens.SecretFile(args[0], "nacka-cli");
        if (!File.Exists(secretFile))
        {
            Console.Error.WriteLine($"No client secret at {secretFile}: start the system once with ./build.sh run.");
            return 1;
        }

        var authority = new Uri(Environment.GetEnvironmentVariable("NACKA_IDENTITY_URL") ?? "http://localhost:5090");
        try
        {
            Console.WriteLine(await ProviderTokens.GetAsync(authority, "nacka-cli", (await File.ReadAllTextAsync(secretFile)).Trim(), args[1],
                args.Length > 2 ? args[2] : Environment.UserName));
            return 0;
        }
        catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or TaskCanceledException)
        {
            Console.Error.WriteLine($"No token from {authority}: {ex.Message} (is ./build.sh run running?)");
            return 1;
        }
    }
}
