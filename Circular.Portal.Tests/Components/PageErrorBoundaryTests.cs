using Bunit;
using Circular.Portal.Components.Layout;
using Circular.Portal.Notifications;
using Circular.Portal.Tests.TestSupport;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;

namespace Circular.Portal.Tests.Components;

/// <summary>The layout keeps the circuit alive when a page's component throws, and lets the user try again.</summary>
public sealed class PageErrorBoundaryTests : BunitContext, IAsyncLifetime
{
    private TestDb _db = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDb.CreateAsync();
        var company = await _db.SeedCompanyAsync("Acme");
        this.AddPortal(_db, company.CompanyId, "admin@acme.example", TimeProvider.System);
        Services.AddSingleton<NotificationCenter>();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await _db.DisposeAsync();
    }

    /// <summary>A page region that throws when its button is clicked.</summary>
    public sealed class Fragile : ComponentBase
    {
        public static bool Broken { get; set; }

        protected override void BuildRenderTree(Microsoft.AspNetCore.Components.Rendering.RenderTreeBuilder builder)
        {
            if (Broken) throw new InvalidOperationException("region failed");
            builder.OpenElement(0, "button");
            builder.AddAttribute(1, "id", "fragile");
            builder.AddAttribute(2, "onclick", EventCallback.Factory.Create<MouseEventArgs>(this, () => Broken = true));
            builder.AddContent(3, "Break");
            builder.CloseElement();
        }
    }

    [Fact]
    public void A_component_that_throws_shows_the_error_panel_and_the_layout_keeps_working()
    {
        Fragile.Broken = false;
        var layout = Render<MainLayout>(p => p.Add(l => l.Body, b =>
        {
            b.OpenComponent<Fragile>(0);
            b.CloseComponent();
        }));

        layout.Find("#fragile").Click();

        Assert.Single(layout.FindAll("#page-error"));
        Assert.Empty(layout.FindAll("#fragile"));
        Assert.Single(layout.FindAll("#nav-jobs"));

        Fragile.Broken = false;
        layout.Find("#page-error-retry").Click();

        Assert.Empty(layout.FindAll("#page-error"));
        Assert.Single(layout.FindAll("#fragile"));
    }

    /// <summary>A button whose handler is refused, as a page's feature call is while support views read-only.</summary>
    public sealed class Refused : ComponentBase
    {
        protected override void BuildRenderTree(Microsoft.AspNetCore.Components.Rendering.RenderTreeBuilder builder)
        {
            builder.OpenElement(0, "button");
            builder.AddAttribute(1, "id", "refused");
            builder.AddAttribute(2, "onclick", EventCallback.Factory.Create<MouseEventArgs>(this,
                () => throw new Circular.Portal.Data.Audit.ActorRefusedException("This is a read-only view of the company.")));
            builder.AddContent(3, "Save");
            builder.CloseElement();
        }
    }

    [Fact]
    public void A_refused_action_says_why_instead_of_a_failure()
    {
        var layout = Render<MainLayout>(p => p.Add(l => l.Body, b =>
        {
            b.OpenComponent<Refused>(0);
            b.CloseComponent();
        }));

        layout.Find("#refused").Click();

        Assert.Contains("read-only view of the company", layout.Find("#page-refused").TextContent);
        Assert.Empty(layout.FindAll("#page-error"));
    }
}
