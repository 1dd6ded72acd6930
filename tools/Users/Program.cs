// ./build.sh user add <user-name> <role> [display name]: the identity service's own "user add",
// pointed at the local system's database (.local/postgres) and keys (.local/identity/keys).
using Nacka.LocalServers;

if (args.Length < 1)
{
    Console.Error.WriteLine("usage: users <data-directory> user add <user-name> <registrar|ks-secretariat|admin> [display name]");
    return 2;
}

var data = Path.GetFullPath(args[0]);
var port = int.Parse(Environment.GetEnvironmentVariable("NACKA_POSTGRES_PORT") ?? "55432", System.Globalization.CultureInfo.InvariantCulture);
if (!Directory.Exists(Path.Combine(data, "postgres")))
{
    Console.Error.WriteLine($"No local database in {data}: start the system once with ./build.sh run.");
    return 1;
}

// Finds where the cluster lives (it may have been placed outside the checkout) and its password; creates nothing that exists.
var postgres = new LocalPostgres(Path.Combine(data, "postgres"), port);
postgres.EnsureInitialised();
return await Nacka.Identity.Account.UserCommand.RunAsync(args[1..], Console.Out, new Dictionary<string, string?>
{
    ["ConnectionStrings:identitydb"] = postgres.ConnectionString("identitydb"),
    ["Identity:KeysDirectory"] = Path.Combine(data, "identity", "keys"),
});
