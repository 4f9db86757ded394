using MudBlazor;

namespace Circular.Portal.Components.Layout;

public static class PortalTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1f4e79",
            Secondary = "#f28c28",
            AppbarBackground = "#1f4e79",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Helvetica", "Arial", "sans-serif"] },
        },
    };
}
