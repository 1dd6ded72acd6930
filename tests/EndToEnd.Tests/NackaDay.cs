namespace Nacka.EndToEnd.Tests;

/// <summary>Today in Nacka (Europe/Stockholm), the day the services and the portal call today, whatever the machine's zone.</summary>
internal static class NackaDay
{
    private static readonly TimeZoneInfo Stockholm = TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm");

    public static DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTime.UtcNow, Stockholm));
}
