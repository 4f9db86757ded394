using System.Net;
using System.Text.RegularExpressions;
using System.Web;

namespace Circular.Portal.Tests.TestSupport;

/// <summary>Plays the admin on a sandbox OAuth consent page over plain HTTP: reads the form, approves or denies, returns the redirect.</summary>
public static partial class ConsentDriver
{
    /// <param name="choices">Form fields to set instead of the page's defaults (e.g. which organization or user signs in).</param>
    public static async Task<(string? Code, string? State, string? Error)> DecideAsync(Uri authorizeUrl, bool approve, IReadOnlyDictionary<string, string>? choices = null)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var page = await http.GetStringAsync(authorizeUrl);
        var fields = new Dictionary<string, string>();
        foreach (Match hidden in HiddenInput().Matches(page))
            fields[HttpUtility.HtmlDecode(hidden.Groups["name"].Value)] = HttpUtility.HtmlDecode(hidden.Groups["value"].Value);
        foreach (Match radio in CheckedRadio().Matches(page))
            fields.TryAdd(HttpUtility.HtmlDecode(radio.Groups["name"].Value), HttpUtility.HtmlDecode(radio.Groups["value"].Value));
        var select = FirstOption().Match(page);
        if (select.Success) fields.TryAdd(select.Groups["name"].Value, HttpUtility.HtmlDecode(select.Groups["value"].Value));
        foreach (var (name, value) in choices ?? new Dictionary<string, string>()) fields[name] = value;
        fields["decision"] = approve ? "approve" : "deny";
        var action = FormAction().Match(page) is { Success: true } a && a.Groups["action"].Value.Length > 0
            ? new Uri(authorizeUrl, HttpUtility.HtmlDecode(a.Groups["action"].Value))
            : new Uri(authorizeUrl.GetLeftPart(UriPartial.Path));
        using var response = await http.PostAsync(action, new FormUrlEncodedContent(fields));
        if (response.StatusCode is not (HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther))
            throw new InvalidOperationException($"Consent answered {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var query = HttpUtility.ParseQueryString(response.Headers.Location!.Query);
        return (query["code"], query["state"], query["error"]);
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]*)\" value=\"(?<value>[^\"]*)\"")]
    private static partial Regex HiddenInput();

    [GeneratedRegex("<input type=\"radio\" name=\"(?<name>[^\"]*)\" value=\"(?<value>[^\"]*)\"[^>]*checked")]
    private static partial Regex CheckedRadio();

    [GeneratedRegex("<select name=\"(?<name>[^\"]*)\"[^>]*>\\s*<option value=\"(?<value>[^\"]*)\"")]
    private static partial Regex FirstOption();

    [GeneratedRegex("<form method=\"post\"(?: action=\"(?<action>[^\"]*)\")?")]
    private static partial Regex FormAction();
}
