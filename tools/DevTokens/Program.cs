namespace Nacka.DevTokens;

/// <summary>
/// <c>./build.sh token &lt;role&gt; [name]</c>: prints a token the locally running system accepts,
/// signed with the key in <c>.local/auth/signing.key</c> (created by the first <c>./build.sh run</c>).
/// </summary>
internal static class TokenCommand
{
    private static int Main(string[] args)
    {
        if (args.Length < 2 || args[1] is not ("registrar" or "ks-secretariat"))
        {
            Console.Error.WriteLine("usage: token <data-directory> registrar|ks-secretariat [name]");
            return 2;
        }

        var keyFile = DevelopmentTokens.KeyFile(args[0]);
        if (!File.Exists(keyFile))
        {
            Console.Error.WriteLine($"No signing key at {keyFile}: start the system once with ./build.sh run.");
            return 1;
        }

        Console.WriteLine(DevelopmentTokens.Create(DevelopmentTokens.ReadOrCreateKey(keyFile), args.Length > 2 ? args[2] : Environment.UserName, [args[1]]));
        return 0;
    }
}
