using Circular.Portal.Marketplace;
using Circular.Portal.Marketplace.Api;

namespace Circular.Portal.Tests.Marketplace;

public sealed class ValidatorTests
{
    private readonly JobFormValidator _jobs = new();
    private readonly NewApplicationRequestValidator _applications = new();

    [Fact]
    public void A_job_whose_employment_type_is_not_known_is_asked_for_one()
    {
        var job = new Job { Title = "Imported Engineer", EmploymentType = null };

        var result = _jobs.Validate(JobForm.From(job));

        var error = Assert.Single(result.Errors);
        Assert.Equal(nameof(JobForm.EmploymentType), error.PropertyName);
        Assert.Equal("Choose an employment type.", error.ErrorMessage);
        Assert.Equal("—", EmploymentTypeLabels.Of(job.EmploymentType));
    }

    [Fact]
    public void Job_with_a_title_is_valid() =>
        Assert.True(_jobs.Validate(new JobForm { Title = "Senior Backend Engineer", Location = "Berlin" }).IsValid);

    [Fact]
    public void Job_without_a_title_is_refused_with_a_message_at_the_title()
    {
        var result = _jobs.Validate(new JobForm { Title = "   " });
        var error = Assert.Single(result.Errors);
        Assert.Equal(nameof(JobForm.Title), error.PropertyName);
        Assert.Equal("Give the job a title.", error.ErrorMessage);
    }

    [Fact]
    public void Job_title_over_200_characters_is_refused() =>
        Assert.Contains(_jobs.Validate(new JobForm { Title = new string('x', 201) }).Errors, e => e.PropertyName == nameof(JobForm.Title));

    [Fact]
    public async Task Per_field_hook_reports_only_the_field_asked_for()
    {
        var messages = await _jobs.ValidateValue(new JobForm { Title = "", Location = new string('x', 300) }, nameof(JobForm.Location));
        Assert.Equal(["Keep the location under 200 characters."], messages);
    }

    private static NewApplicationRequest ValidApplication() => new()
    {
        PlatformApplicationId = "app-123",
        JobId = 7,
        FirstName = "Ada",
        LastName = "Lovelace",
        Email = "ada@example.com",
        Phone = "+44 20 7946 0000",
        LinkedInUrl = "https://www.linkedin.com/in/ada",
    };

    [Fact]
    public void Complete_application_is_valid() => Assert.True(_applications.Validate(ValidApplication()).IsValid);

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("")]
    public void Application_with_a_bad_email_is_refused(string email)
    {
        var request = ValidApplication();
        request.Email = email;
        Assert.Contains(_applications.Validate(request).Errors, e => e.PropertyName == nameof(NewApplicationRequest.Email));
    }

    [Theory]
    [InlineData("https://evil.example/in/ada")]
    [InlineData("http://www.linkedin.com/in/ada")]
    [InlineData("https://linkedin.com.evil.example/in/ada")]
    public void LinkedIn_url_must_be_an_https_linkedin_address(string url)
    {
        var request = ValidApplication();
        request.LinkedInUrl = url;
        Assert.Contains(_applications.Validate(request).Errors, e => e.PropertyName == nameof(NewApplicationRequest.LinkedInUrl));
    }

    [Fact]
    public void Phone_with_letters_is_refused()
    {
        var request = ValidApplication();
        request.Phone = "call me maybe";
        Assert.Contains(_applications.Validate(request).Errors, e => e.PropertyName == nameof(NewApplicationRequest.Phone));
    }

    [Fact]
    public void Platform_id_with_a_slash_is_refused()
    {
        var request = ValidApplication();
        request.PlatformApplicationId = "../etc";
        Assert.Contains(_applications.Validate(request).Errors, e => e.PropertyName == nameof(NewApplicationRequest.PlatformApplicationId));
    }
}
