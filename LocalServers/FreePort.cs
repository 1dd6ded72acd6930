using System.Net;
using System.Net.Sockets;

namespace Nacka.LocalServers;

public static class FreePort
{
    // Ports handed out by this process. The OS may offer a port again once its probe has let it go, and a port handed out is
    // often not listened on until much later (the AppHost's PostgreSQL starts seconds after the bench's telemetry receiver took
    // the same port and held it: "could not bind ... Address already in use"). A port is handed out once per process.
    private static readonly HashSet<int> HandedOut = [];

    /// <summary>A loopback TCP port nobody listens on right now (the OS picks it), never one this process was given before.</summary>
    public static int Next()
    {
        var probes = new List<TcpListener>();
        try
        {
            lock (HandedOut)
            {
                while (true)
                {
                    // Each probe stays open until one is new, so the OS cannot offer the same port twice in a row.
                    var listener = new TcpListener(IPAddress.Loopback, 0);
                    probes.Add(listener);
                    listener.Start();
                    var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                    if (HandedOut.Add(port))
                    {
                        return port;
                    }
                }
            }
        }
        finally
        {
            foreach (var probe in probes)
            {
                probe.Dispose();
            }
        }
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
                if (ReachedAListener(client.Client))
                {
                    return true;
                }
            }
            catch (SocketException)
            {
                // Nobody listens yet.
            }

            await Task.Delay(100, cancellationToken);
        }

        return false;
    }

    /// <summary>
    /// False for a connection to itself: with nobody listening on a port of the ephemeral range, Linux may give the connecting
    /// socket that very port and the connect succeeds, the socket talking to itself (TCP's simultaneous open). Taken for a server,
    /// it makes a fixture go on before its server has bound the port.
    /// </summary>
    public static bool ReachedAListener(Socket connected) => !Equals(connected.LocalEndPoint, connected.RemoteEndPoint);
}
