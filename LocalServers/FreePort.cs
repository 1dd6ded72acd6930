using System.Net;
using System.Net.Sockets;

namespace Nacka.LocalServers;

public static class FreePort
{
    /// <summary>A loopback TCP port nobody listens on right now (the OS picks it).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Polls until something accepts TCP connections on the port: the cheapest readiness check.</summary>
    public static async Task<bool> WaitUntilListeningAsync(int port, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                return true;
            }
            catch (SocketException)
            {
                await Task.Delay(100, cancellationToken);
            }
        }

        return false;
    }
}
