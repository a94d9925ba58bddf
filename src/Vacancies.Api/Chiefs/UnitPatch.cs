using System.Text.Json;
using System.Text.Json.Nodes;
using Vacancies.Units;

namespace Vacancies.Chiefs;

/// <summary>
/// A JSON merge patch (RFC 7396) of the fields a chief maintains, turned into column assignments:
/// a member absent is left alone, null clears it, an object (contact, training) merges member by
/// member. The top-level names the patch sets are the fields the chief has confirmed.
/// </summary>
internal sealed class UnitPatch
{
    public static readonly IReadOnlyList<string> Fields = ["contact", "website", "services", "teamSize", "training", "visits", "description"];
    private static readonly IReadOnlyList<string> ContactFields = ["name", "jobTitle", "email", "phone"];
    private static readonly IReadOnlyList<string> TrainingFields = ["offered", "intake"];

    /// <summary>Column name (from the fixed list above, never from the request) to its new value.</summary>
    public Dictionary<string, object?> Columns { get; } = new(StringComparer.Ordinal);

    public List<string> Confirmed { get; } = [];

    public static UnitPatch Read(JsonElement patch, FieldErrors errors)
    {
        var result = new UnitPatch();
        errors.RejectUnknown(patch, "", Fields);
        foreach (var property in patch.EnumerateObject().Where(p => Fields.Contains(p.Name)))
        {
            var value = property.Value;
            result.Confirmed.Add(property.Name);
            switch (property.Name)
            {
                case "contact":
                    result.ReadObject(value, "contact", ContactFields, errors, (name, member) => name switch
                    {
                        "name" => ("contact_name", errors.Text(member, "contact.name", 200)),
                        "jobTitle" => ("contact_job_title", errors.Text(member, "contact.jobTitle", 200)),
                        "email" => ("contact_email", errors.Email(member, "contact.email")),
                        _ => ("contact_phone", errors.Phone(member, "contact.phone")),
                    });
                    break;
                case "training":
                    result.ReadObject(value, "training", TrainingFields, errors, (name, member) => name == "offered"
                        ? ("training_offered", errors.Bool(member, "training.offered"))
                        : ("training_intake", errors.Text(member, "training.intake", 500)));
                    break;
                case "website":
                    result.Columns["website"] = errors.Url(value, "website");
                    break;
                case "services":
                    result.Columns["services"] = Services(value, errors);
                    break;
                case "teamSize":
                    result.Columns["team_size"] = errors.Int(value, "teamSize", 0, 1000);
                    break;
                case "visits":
                    result.Columns["visits"] = errors.Text(value, "visits", 2000, multiline: true);
                    break;
                case "description":
                    result.Columns["description"] = errors.Text(value, "description", 5000, multiline: true);
                    break;
            }
        }

        return result;
    }

    /// <summary>The fields a chief maintains as the API names them, for the audit log's before and after.</summary>
    public static JsonObject Snapshot(UnitDetail unit) => new()
    {
        ["contact"] = new JsonObject
        {
            ["name"] = unit.Contact.Name,
            ["jobTitle"] = unit.Contact.JobTitle,
            ["email"] = unit.Contact.Email,
            ["phone"] = unit.Contact.Phone,
        },
        ["website"] = unit.Website,
        ["services"] = new JsonArray(unit.Services.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray()),
        ["teamSize"] = unit.TeamSize,
        ["training"] = new JsonObject { ["offered"] = unit.Training.Offered, ["intake"] = unit.Training.Intake },
        ["visits"] = unit.Visits,
        ["description"] = unit.Description,
    };

    private void ReadObject(JsonElement value, string field, IReadOnlyList<string> members, FieldErrors errors, Func<string, JsonElement, (string Column, object? Value)> read)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            var nothing = JsonDocument.Parse("null").RootElement;
            foreach (var member in members)
            {
                var (column, cleared) = read(member, nothing);
                Columns[column] = cleared;
            }

            return;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Fail(field, $"Must be an object with {string.Join(", ", members)}, or null.");
            return;
        }

        errors.RejectUnknown(value, field + ".", members);
        foreach (var property in value.EnumerateObject().Where(p => members.Contains(p.Name)))
        {
            var (column, newValue) = read(property.Name, property.Value);
            Columns[column] = newValue;
        }
    }

    private static string[] Services(JsonElement value, FieldErrors errors)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            errors.Fail("services", $"Must be an array of: {string.Join(", ", UnitVocabulary.Services)}.");
            return [];
        }

        var services = new List<string>();
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                errors.Fail("services", "Each service must be a string.");
            }
            else if (errors.OneOf(item, "services", UnitVocabulary.Services) is { } service && !services.Contains(service))
            {
                services.Add(service);
            }
        }

        // The vocabulary's order, so the same set always reads the same.
        return UnitVocabulary.Services.Where(services.Contains).ToArray();
    }
}
