using System.Net;
using System.Text;

namespace Circular.Portal.Sandbox.Greenhouse;

/// <summary>The sandbox's stand-in for Greenhouse's consent screen: a fixed demo Site Admin approves or denies the scopes.</summary>
internal static class GreenhouseSandboxConsentPage
{
    public static string Render(IEnumerable<GreenhouseSandboxAccount> accounts, IReadOnlyDictionary<string, string> request, IReadOnlyList<string> scopes)
    {
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Greenhouse sandbox: authorize Circular</title>")
            .Append("<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;color:#24292f}")
            .Append("button{padding:.5rem 1.25rem;margin-right:.5rem}li{font-family:monospace}</style></head><body>")
            .Append("<h1>Greenhouse (sandbox)</h1><p><strong>Circular</strong> asks for access to your organization's Harvest data.</p>")
            .Append("<form method=\"post\">");
        foreach (var (name, value) in request)
        {
            html.Append($"<input type=\"hidden\" name=\"{Encode(name)}\" value=\"{Encode(value)}\">");
        }
        html.Append("<p><label>Organization and user: <select name=\"account_id\">");
        foreach (var account in accounts)
        {
            // The organization's Site Admin first (value = the organization id), then its other users, who are not Site Admins.
            foreach (var user in account.Users.Where(u => !u.Deactivated).OrderByDescending(u => u == account.DemoUser))
            {
                var value = user == account.DemoUser ? account.Id : $"{account.Id}|{user.Id}";
                html.Append($"<option value=\"{Encode(value)}\">{Encode(account.Name)}: signed in as {Encode(user.Name)} ({(user.SiteAdmin ? "Site Admin" : "Basic")})</option>");
            }
        }
        html.Append("</select></label></p><p>Circular will be able to:</p><ul>");
        foreach (var scope in scopes) html.Append($"<li>{Encode(scope)}</li>");
        html.Append("</ul><p><button name=\"decision\" value=\"approve\">Authorize</button>")
            .Append("<button name=\"decision\" value=\"deny\">Deny</button></p></form></body></html>");
        return html.ToString();
    }

    private static string Encode(string value) => WebUtility.HtmlEncode(value);
}
