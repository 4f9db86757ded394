namespace Circular.Portal.Tests.Providers.Greenhouse;

/// <summary>Payloads recorded from Greenhouse's own documentation, copied next to the tests.</summary>
internal static class GreenhouseFixtures
{
    public static string Text(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Providers", "Greenhouse", "Fixtures", name));

    public static byte[] Bytes(string name) =>
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Providers", "Greenhouse", "Fixtures", name));
}
