namespace Nacka.Messaging;

/// <summary>An AMQP URI taken apart, with the defaults RabbitMQ itself uses.</summary>
public sealed record BrokerAddress(string Host, ushort Port, string VirtualHost, string Username, string Password)
{
    public static BrokerAddress Parse(string connectionString)
    {
        if (!Uri.TryCreate(connectionString, UriKind.Absolute, out var uri) || (uri.Scheme != "amqp" && uri.Scheme != "amqps"))
        {
            throw new FormatException("The messaging connection string must be an AMQP URI such as amqp://user:password@localhost:5672/.");
        }

        var userInfo = uri.UserInfo.Split(':', 2);
        var username = userInfo.Length > 0 && userInfo[0].Length > 0 ? Uri.UnescapeDataString(userInfo[0]) : "guest";
        var password = userInfo.Length > 1 ? Uri.UnescapeDataString(userInfo[1]) : "guest";
        var port = uri.IsDefaultPort || uri.Port < 0 ? (uri.Scheme == "amqps" ? 5671 : 5672) : uri.Port;
        var vhost = uri.AbsolutePath.Trim('/');
        return new BrokerAddress(uri.Host, (ushort)port, vhost.Length == 0 ? "/" : Uri.UnescapeDataString(vhost), username, password);
    }
}
