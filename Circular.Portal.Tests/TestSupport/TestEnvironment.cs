using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.FileProviders;

namespace Circular.Portal.Tests.TestSupport;

public sealed class TestEnvironment(string? contentRoot = null) : IWebHostEnvironment
{
    public string WebRootPath { get; set; } = "";
    public IFileProvider WebRootFileProvider { get; set; } = new NullFileProvider();
    public string ApplicationName { get; set; } = "Circular.Portal.Tests";
    public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    public string ContentRootPath { get; set; } = contentRoot ?? AppContext.BaseDirectory;
    public string EnvironmentName { get; set; } = "Test";
}
