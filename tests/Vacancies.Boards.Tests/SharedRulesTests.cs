using Vacancies.Boards;

namespace Vacancies.Boards.Tests;

public class SalaryTests
{
    [Theory]
    [InlineData("£48,987.04 to £54,663.24 a year", 48987.04, 54663.24, "GBP", SalaryPeriod.Year)]
    [InlineData("£27,580 a year", 27580, 27580, "GBP", SalaryPeriod.Year)]
    [InlineData("£23.83 an hour", 23.83, 23.83, "GBP", SalaryPeriod.Hour)]
    [InlineData("£22 to £26 an hour", 22, 26, "GBP", SalaryPeriod.Hour)]
    [InlineData("£300 per session", 300, 300, "GBP", SalaryPeriod.Session)]
    [InlineData("€83,196 - €96,112 per annum", 83196, 96112, "EUR", SalaryPeriod.Year)]
    [InlineData("£31,049 to £37,796 a year per annum pro rata", 31049, 37796, "GBP", SalaryPeriod.Year)]
    public void Reads_amounts_currency_and_stated_period(string text, double min, double max, string currency, SalaryPeriod period)
    {
        var salary = Salary.FromText(text);
        Assert.Equal((decimal)min, salary.Min);
        Assert.Equal((decimal)max, salary.Max);
        Assert.Equal(currency, salary.Currency);
        Assert.Equal(period, salary.Period);
    }

    [Theory]
    [InlineData("£58133.00 to £65261.00")]
    [InlineData("Band 8A (£65,125 - £73,916)")]
    public void No_stated_period_is_null_not_a_guess(string text)
    {
        var salary = Salary.FromText(text);
        Assert.NotNull(salary.Min);
        Assert.Null(salary.Period);
    }

    [Theory]
    [InlineData("Depends on experience")]
    [InlineData("Negotiable")]
    public void Text_without_an_amount_keeps_only_the_text(string text)
    {
        var salary = Salary.FromText(text);
        Assert.Equal(text, salary.Text);
        Assert.Null(salary.Min);
        Assert.Null(salary.Max);
        Assert.Null(salary.Currency);
        Assert.Null(salary.Period);
    }
}

public class PostcodeTests
{
    [Theory]
    [InlineData("Kilburn NW6 4JH", "NW6 4JH")]
    [InlineData("Chichester PO19 1XP, CRAWLEY RH10 8GN", "PO19 1XP")]
    [InlineData("St James's Hospital, Dublin 8, D08 NHY1", "D08 NHY1")]
    [InlineData("CHI at Crumlin, Cooley Road, Crumlin, Dublin 12, D12 N512", "D12 N512")]
    [InlineData("Birmingham b152gw", "B15 2GW")]
    public void Finds_the_first_postcode_or_eircode(string text, string expected) => Assert.Equal(expected, Postcodes.FindFirst(text));

    [Theory]
    [InlineData("Royal Victoria Hospital, Belfast")]
    [InlineData("Dublin South")]
    [InlineData("Band 7")]
    public void Names_without_a_code_give_null(string text) => Assert.Null(Postcodes.FindFirst(text));
}

public class BandTests
{
    [Theory]
    [InlineData("Band 8A (£65,125)", "8a")]
    [InlineData("Band 7 £49,387 - £56,515 per annum", "7")]
    [InlineData("Staff Nurse Band 5", "5")]
    [InlineData("£65,125 - £73,916", null)]
    public void Reads_the_band_a_text_names(string text, string? expected) => Assert.Equal(expected, Bands.Find(text));
}

public class BoardDatesTests
{
    [Theory]
    [InlineData("14 July 2026", "2026-07-14")]
    [InlineData("The closing date is 01 September 2026", "2026-09-01")]
    [InlineData("25 Sept 2026", "2026-09-25")]
    [InlineData("Wednesday 9th December 2026 at 12 noon", "2026-12-09")]
    public void Reads_day_month_year(string text, string expected) => Assert.Equal(DateOnly.Parse(expected), BoardDates.FindDayMonthYear(text));

    [Theory]
    [InlineData("16/12/2026 at 12:00 noon", "2026-12-16")]
    [InlineData("13/10/2026, 15:00", "2026-10-13")]
    public void Reads_day_first_numeric_dates(string text, string expected) => Assert.Equal(DateOnly.Parse(expected), BoardDates.FindDayFirstNumeric(text));

    [Theory]
    [InlineData("2026-08-10T16:25:03.123456789", "2026-08-10")]
    [InlineData("2026-11-25T23:30:00+01:00", "2026-11-25")]
    public void Keeps_the_written_date_of_a_timestamp(string text, string expected) => Assert.Equal(DateOnly.Parse(expected), BoardDates.FromIsoDatePart(text));

    [Theory]
    [InlineData("31 February 2026")]
    [InlineData("32/01/2026")]
    [InlineData("soon")]
    public void Impossible_dates_are_null(string text)
    {
        Assert.Null(BoardDates.FindDayMonthYear(text));
        Assert.Null(BoardDates.FindDayFirstNumeric(text));
    }
}

public class PerfusionRulesTests
{
    [Theory]
    [InlineData("Clinical Perfusion Scientist", true)]
    [InlineData("Trainee Clinical Perfusion Scientist", true)]
    [InlineData("Senior Clinical Perfusionist - Mater Misericordiae University Hospital MMUH26-0390", true)]
    [InlineData("Perfusion Practitioner", true)]
    [InlineData("Head of Perfusion Services", true)]
    [InlineData("ECMO Specialist - Perfusion", true)]
    [InlineData("Band 7 Clinical Perfusion Scientist (Fixed Term)", true)]
    [InlineData("Clinical Scientist - Myocardial Perfusion Imaging", false)]
    [InlineData("CT Perfusion Radiographer", false)]
    [InlineData("Nuclear Medicine Technologist (perfusion studies)", false)]
    [InlineData("Cardiac Physiologist", false)]
    [InlineData("Cardiac Physiologist - Perfusion", false)]
    [InlineData("Theatre Nurse - Cardiac Surgery (Perfusion)", false)]
    [InlineData("Staff Nurse - Cardiothoracic Theatres", false)]
    [InlineData("Specialist Pharmacist - Cardiology", false)]
    public void A_perfusion_post_is_decided_by_the_role_in_its_title(string title, bool expected) =>
        Assert.Equal(expected, PerfusionRules.IsPerfusion(title));

    [Theory]
    [InlineData("Trainee Clinical Perfusion Scientist", null, Grade.Trainee)]
    [InlineData("Clinical Perfusion Scientist", "6", Grade.Trainee)]
    [InlineData("Clinical Perfusion Scientist (Fixed Term)", "7", Grade.Clinical)]
    [InlineData("Clinical Perfusionist (Specified Purpose)", null, Grade.Clinical)]
    [InlineData("Senior Clinical Perfusion Scientist", "8a", Grade.Senior)]
    [InlineData("Principal Clinical Perfusion Scientist", null, Grade.Senior)]
    [InlineData("Lead Perfusionist", null, Grade.Senior)]
    [InlineData("Clinical Perfusion Scientist", "8a", Grade.Senior)]
    [InlineData("Chief Clinical Perfusionist - CHI at Crumlin", null, Grade.Chief)]
    [InlineData("Head of Perfusion", null, Grade.Chief)]
    [InlineData("Clinical Perfusion Scientist", "8b", Grade.Chief)]
    public void Grade_comes_from_the_title_then_the_band(string title, string? band, Grade expected) =>
        Assert.Equal(expected, PerfusionRules.GradeOf(title, band));

    [Fact]
    public void A_post_that_is_not_perfusion_has_no_grade() => Assert.Null(PerfusionRules.GradeOf("Senior Cardiac Physiologist", "7"));
}
