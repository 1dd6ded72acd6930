using Nacka.LocalServers;

// ./build.sh subscriber <system-name>: a RabbitMQ account for one municipal system on the locally
// running broker (started by ./build.sh run), printed as an AMQP connection string.
if (args.Length < 2 || !SubscriberAccounts.IsValidSystemName(args[1]))
{
    Console.Error.WriteLine("usage: subscriber <data-directory> <system-name>   (2–40 lower-case letters, digits or dashes, e.g. hr-system)");
    return 2;
}

var passwordFile = Path.Combine(args[0], "rabbitmq", "rabbitmq.password");
if (!File.Exists(passwordFile))
{
    Console.Error.WriteLine($"No broker password at {passwordFile}: start the system once with ./build.sh run.");
    return 1;
}

var amqpPort = int.Parse(Environment.GetEnvironmentVariable("NACKA_RABBITMQ_PORT") ?? "55672", System.Globalization.CultureInfo.InvariantCulture);
var managementPort = Environment.GetEnvironmentVariable("NACKA_RABBITMQ_MANAGEMENT_PORT") ?? "55673";
try
{
    var connection = await SubscriberAccounts.CreateAsync(new Uri($"http://127.0.0.1:{managementPort}/"), LocalRabbitMq.Username,
        (await File.ReadAllTextAsync(passwordFile)).Trim(), "127.0.0.1", amqpPort, "/", args[1]);
    Console.WriteLine(connection);
    Console.Error.WriteLine($"Declare your queues as {args[1]}.<anything> and bind them to the nacka.* exchanges (docs/subscribing.md).");
    return 0;
}
catch (HttpRequestException ex)
{
    Console.Error.WriteLine($"The broker's management API did not answer on port {managementPort} ({ex.Message}): is ./build.sh run running?");
    return 1;
}
