using Xunit.Abstractions;
using Xunit.Sdk;

namespace Circular.Portal.Tests.TestSupport;

/// <summary>
/// Marks a test class as the PostgreSQL run of an existing test class (it derives from it and swaps its fixture for a
/// PostgreSQL one). Its <see cref="DatabaseFactAttribute"/> and <see cref="DatabaseTheoryAttribute"/> tests are reported
/// as skipped, with the reason, when <c>CIRCULAR_TEST_POSTGRES</c> is not set.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class OnPostgresAttribute : Attribute
{
    public const string SkipReason = $"Needs PostgreSQL: set {PostgresTestDatabase.Variable} to a server's connection string (.ci/run does).";

    /// <summary>The skip reason for a test of this class, or null when it runs.</summary>
    public static string? SkipFor(ITestMethod method) =>
        PostgresTestDatabase.Server is null && method.TestClass.Class.GetCustomAttributes(typeof(OnPostgresAttribute)).Any() ? SkipReason : null;
}

/// <summary>A fact of a test class that also runs on PostgreSQL (in a class marked <see cref="OnPostgresAttribute"/>).</summary>
[XunitTestCaseDiscoverer("Circular.Portal.Tests.TestSupport.DatabaseFactDiscoverer", "Circular.Portal.Tests")]
public sealed class DatabaseFactAttribute : FactAttribute;

/// <summary>A theory of a test class that also runs on PostgreSQL (in a class marked <see cref="OnPostgresAttribute"/>).</summary>
[XunitTestCaseDiscoverer("Circular.Portal.Tests.TestSupport.DatabaseTheoryDiscoverer", "Circular.Portal.Tests")]
public sealed class DatabaseTheoryAttribute : TheoryAttribute;

public sealed class DatabaseFactDiscoverer(IMessageSink sink) : FactDiscoverer(sink)
{
    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions options, ITestMethod method, IAttributeInfo fact) =>
        OnPostgresAttribute.SkipFor(method) is { } reason ? [Skipped(DiagnosticMessageSink, options, method, reason)] : base.Discover(options, method, fact);

    internal static IXunitTestCase Skipped(IMessageSink sink, ITestFrameworkDiscoveryOptions options, ITestMethod method, string reason) =>
        new XunitSkippedDataRowTestCase(sink, options.MethodDisplayOrDefault(), options.MethodDisplayOptionsOrDefault(), method, reason);
}

public sealed class DatabaseTheoryDiscoverer(IMessageSink sink) : TheoryDiscoverer(sink)
{
    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions options, ITestMethod method, IAttributeInfo theory) =>
        OnPostgresAttribute.SkipFor(method) is { } reason
            ? [DatabaseFactDiscoverer.Skipped(DiagnosticMessageSink, options, method, reason)]
            : base.Discover(options, method, theory);
}

/// <summary>
/// The integration cast (Sandbox, SMTP sink, portal on Kestrel, Chromium) with the portal on a fresh PostgreSQL database
/// of its own. Without PostgreSQL it starts nothing: its tests are skipped.
/// </summary>
public sealed class PostgresIntegrationFixture : IntegrationFixture
{
    protected override async Task<IDictionary<string, string?>> PortalSettingsAsync()
    {
        var settings = await base.PortalSettingsAsync();
        foreach (var (key, value) in PostgresTestDatabase.PortalSettings(await PostgresTestDatabase.CreateAsync())) settings[key] = value;
        return settings;
    }

    public override async Task InitializeAsync()
    {
        if (PostgresTestDatabase.Server is null) return;
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        if (PostgresTestDatabase.Server is null) return;
        await base.DisposeAsync();
    }
}

/// <summary>The PostgreSQL runs of integration test classes share one cast, as the SQLite ones share theirs.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresIntegrationCollection : ICollectionFixture<PostgresIntegrationFixture>
{
    public const string Name = "Integration on PostgreSQL";
}
