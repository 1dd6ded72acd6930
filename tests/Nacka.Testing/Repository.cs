namespace Nacka.Testing;

/// <summary>Files of the repository the tests read (docs, tools) and the folder where they leave artifacts.</summary>
public static class Repository
{
    public static string Root()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Nacka.Aspire.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Run the tests from inside the repository.");
    }

    /// <summary>
    /// <c>$NACKA_TEST_ARTIFACTS/&lt;kind&gt;</c> when set (CI keeps that folder), else
    /// <c>artifacts/&lt;kind&gt;</c> in the repository (ignored by git); created if missing.
    /// </summary>
    public static string Artifacts(string kind)
    {
        var root = Environment.GetEnvironmentVariable("NACKA_TEST_ARTIFACTS") is { Length: > 0 } configured ? configured : Path.Combine(Root(), "artifacts");
        return Directory.CreateDirectory(Path.Combine(root, kind)).FullName;
    }
}
