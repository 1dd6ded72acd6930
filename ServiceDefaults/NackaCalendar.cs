namespace Nacka.ServiceDefaults;

public static class NackaCalendar
{
    private static readonly TimeZoneInfo Stockholm = TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm");

    /// <summary>Today in Nacka: dates in the registry are Swedish calendar dates, whatever the server's zone.</summary>
    public static DateOnly Today(this TimeProvider clock) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Stockholm).DateTime);
}
