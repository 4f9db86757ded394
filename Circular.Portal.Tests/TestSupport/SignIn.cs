using System.Text.RegularExpressions;
using Circular.Portal.Accounts;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Circular.Portal.Tests.TestSupport;

/// <summary>Signs in through the real sign-in form (antiforgery token and all) and returns a client holding the cookie.</summary>
public static partial class SignIn
{
    public static async Task<HttpClient> AsAsync(PortalFactory factory, string email, string password = DemoSeeder.DemoPassword)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var (status, _) = await PostLoginAsync(client, email, password);
        if (status != System.Net.HttpStatusCode.Redirect && status != System.Net.HttpStatusCode.Found)
            throw new InvalidOperationException($"Sign-in as {email} failed with {status}.");
        return client;
    }

    public static async Task<(System.Net.HttpStatusCode Status, string Body)> PostLoginAsync(HttpClient client, string email, string password)
    {
        var form = await client.GetStringAsync("/account/login");
        var token = TokenPattern().Match(form).Groups[1].Value;
        using var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["_handler"] = "signin",
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        }));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
