using Xunit.Abstractions;
using Xunit.Sdk;

namespace Circular.Portal.Tests.Benchmarks;

/// <summary>Runs a benchmark class's facts in the order their <see cref="BenchmarkOrderAttribute"/> gives (the table last).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BenchmarkOrderAttribute(int order) : Attribute
{
    public int Order { get; } = order;
}

public sealed class BenchmarkOrderer : ITestCaseOrderer
{
    public const string TypeName = "Circular.Portal.Tests.Benchmarks.BenchmarkOrderer";
    public const string AssemblyName = "Circular.Portal.Tests";

    public IEnumerable<TTestCase> OrderTestCases<TTestCase>(IEnumerable<TTestCase> testCases) where TTestCase : ITestCase =>
        testCases.OrderBy(c => c.TestMethod.Method.GetCustomAttributes(typeof(BenchmarkOrderAttribute).AssemblyQualifiedName)
            .FirstOrDefault()?.GetConstructorArguments().OfType<int>().FirstOrDefault() ?? int.MaxValue);
}
