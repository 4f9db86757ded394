namespace Circular.Portal.Tests.TestSupport;

/// <summary>One sandbox, SMTP sink, portal and browser shared by the connection tests; each test makes its own company.</summary>
[CollectionDefinition(Name)]
public sealed class IntegrationCollection : ICollectionFixture<IntegrationFixture>
{
    public const string Name = "Integration";
}
