using Vacancies.Sweeps;

namespace Vacancies.Tests.Sweeps;

public class SamePostTests
{
    private static readonly SamePost.Facts BelfastTraineeOnHscNi = new(42, "trainee", "Trainee Clinical Perfusion Scientist", new(2026, 12, 1), new(2027, 1, 12), "71971402");

    [Fact]
    public void The_same_post_on_two_boards_is_one_post()
    {
        var onNhsJobs = new SamePost.Facts(42, "trainee", "Trainee Clinical Perfusion Scientist - Band 6", new(2026, 12, 2), new(2027, 1, 12), null);
        Assert.True(SamePost.Matches(BelfastTraineeOnHscNi, onNhsJobs));
    }

    [Fact]
    public void The_same_employer_reference_links_even_a_retitled_listing()
    {
        var retitled = BelfastTraineeOnHscNi with { Title = "Perfusion Scientist in Training", EmployerReference = "71971402" };
        Assert.True(SamePost.Matches(BelfastTraineeOnHscNi, retitled));
    }

    [Fact]
    public void Two_posts_at_one_unit_with_different_grades_stay_two()
    {
        var senior = BelfastTraineeOnHscNi with { Grade = "senior", Title = "Senior Clinical Perfusion Scientist", EmployerReference = null };
        Assert.False(SamePost.Matches(BelfastTraineeOnHscNi, senior));
    }

    [Fact]
    public void Two_trainee_posts_with_different_employer_references_stay_two()
    {
        var other = BelfastTraineeOnHscNi with { EmployerReference = "71980001" };
        Assert.False(SamePost.Matches(BelfastTraineeOnHscNi, other));
    }

    [Fact]
    public void Listings_whose_advertising_windows_are_far_apart_are_different_rounds()
    {
        var lastYear = BelfastTraineeOnHscNi with { PostedOn = new(2025, 9, 1), ClosesOn = new(2025, 10, 1), EmployerReference = null };
        var thisYear = BelfastTraineeOnHscNi with { EmployerReference = null };
        Assert.False(SamePost.Matches(lastYear, thisYear));
    }

    [Fact]
    public void Without_a_known_unit_nothing_is_linked()
    {
        var unknown = BelfastTraineeOnHscNi with { UnitId = null };
        Assert.False(SamePost.Matches(unknown, unknown));
    }

    [Theory]
    [InlineData("Clinical Perfusion Scientist (Fixed Term)", "Clinical Perfusion Scientist", true)]
    [InlineData("Senior Clinical Perfusionist - Mater Misericordiae University Hospital MMUH26-0390", "Senior Clinical Perfusionist", false)]
    [InlineData("Chief Clinical Perfusionist - CHI at Crumlin CHI26-0601", "Chief Clinical Perfusionist CHI Crumlin", true)]
    [InlineData("Trainee Clinical Perfusion Scientist", "Cardiac Physiologist", false)]
    public void Titles_are_similar_when_most_words_are_shared(string left, string right, bool expected) =>
        Assert.Equal(expected, SamePost.SimilarTitles(left, right));
}
