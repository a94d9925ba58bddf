using Vacancies.Boards.NhsJobs;

namespace Vacancies.Boards.Tests.NhsJobs;

public class NhsJobsParserTests
{
    private const string Board = "nhs-jobs";
    private static readonly NhsJobsParser Parser = new();

    public static TheoryData<string> Pages => FixturePages.WithExpected(Board);

    [Theory]
    [MemberData(nameof(Pages))]
    public void Parses_fixture_page_as_expected(string page) =>
        FixturePages.AssertParsesAsExpected(new NhsJobsParser(), Board, page);
}
