namespace Circular.Portal.Tests.TestSupport;

/// <summary>Per-test folders under the test output, never the shared temp dir.</summary>
public static class TestPaths
{
    public static string NewFolder(string purpose)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "test-data", $"{purpose}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }
}
