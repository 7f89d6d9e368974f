using System.Text.RegularExpressions;
using Ami.Domain.Json;
using Ami.Domain.Scoring;
using Ami.Domain.Validation;

namespace Ami.Domain.Campaigns;

/// <summary>
/// What makes a campaign usable: its dates in order, a positive cap, a 2-part split of the grant adding
/// up to 100 %, positive limits and durations, and a well-formed address for every person who acts on
/// its dossiers. <see cref="CampaignJson.Parse"/> applies these after reading the JSON.
/// </summary>
public static partial class CampaignRules
{
    public const int MaxTitleLength = 200;

    /// <summary>The call pays in two parts (70 % at start, 30 % on the bilan).</summary>
    public const int InstalmentCount = 2;

    [GeneratedRegex(@"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^[A-Z0-9](?:[A-Z0-9-]{0,38}[A-Z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex PrefixPattern();

    /// <summary>Every problem of <paramref name="campaign"/>; empty when it can be used.</summary>
    public static IReadOnlyList<FieldError> Check(Campaign campaign)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        var errors = new List<FieldError>();

        if (string.IsNullOrWhiteSpace(campaign.Id))
        {
            errors.Add(Required("id"));
        }
        else if (!IdPattern().IsMatch(campaign.Id))
        {
            errors.Add(new FieldError("id", ErrorCodes.InvalidId, "L'identifiant ne contient que des minuscules sans accent, des chiffres et des tirets (64 caractères au plus), par exemple ami-is-2015."));
        }

        if (string.IsNullOrWhiteSpace(campaign.Title))
        {
            errors.Add(Required("title"));
        }
        else if (campaign.Title.Trim().Length > MaxTitleLength)
        {
            errors.Add(new FieldError("title", ErrorCodes.TooLong, $"Le titre compte au plus {MaxTitleLength} caractères."));
        }

        if (campaign.ReferencePrefix is { } prefix && !PrefixPattern().IsMatch(prefix))
        {
            errors.Add(new FieldError("referencePrefix", ErrorCodes.InvalidId, "Le préfixe des références ne contient que des majuscules sans accent, des chiffres et des tirets (40 caractères au plus), par exemple AMI-IS-2015."));
        }

        if (campaign.Deadline.ClosesAt <= campaign.OpensAt)
        {
            errors.Add(new FieldError("deadline", ErrorCodes.DeadlineBeforeOpening, "La date limite doit être postérieure à l'ouverture de l'appel (opensAt)."));
        }

        if (campaign.MaxGrant.Cents <= 0)
        {
            errors.Add(new FieldError("maxGrant", ErrorCodes.MustBePositive, "Le plafond de l'aide doit être supérieur à 0 €."));
        }

        CheckInstalments(campaign.InstalmentPercents, errors);
        errors.AddRange(ScoringGrid.Check(campaign.Grid));

        if (campaign.MaxDurationMonths <= 0)
        {
            errors.Add(new FieldError("maxDurationMonths", ErrorCodes.MustBePositive, "La durée maximale de l'action doit être d'au moins 1 mois."));
        }

        PositiveDuration(campaign.BilanDueAfter, "bilanDueAfter", errors);
        PositiveDuration(campaign.JuryDueAfterClose, "juryDueAfterClose", errors);

        Email(campaign.ContactEmail, "contactEmail", errors);
        EmailList(campaign.Staff, "staff", "Au moins une adresse des services instructeurs est nécessaire.", errors);
        EmailList(campaign.Jurors, "jurors", "Au moins une adresse de juré est nécessaire.", errors);
        Email(campaign.JuryPresident, "juryPresident", errors);
        Email(campaign.CpSecretariat, "cpSecretariat", errors);
        Email(campaign.Finance, "finance", errors);

        CheckDepartments(campaign.EligibleDepartments, errors);
        CheckAttachments(campaign.Attachments, errors);
        CheckSchedule(campaign.Schedule, errors);
        return errors;
    }

    private static FieldError Required(string field) => new(field, ErrorCodes.Required, "Ce champ est obligatoire.");

    private static void CheckInstalments(IReadOnlyList<int>? percents, List<FieldError> errors)
    {
        if (percents is null || percents.Count != InstalmentCount)
        {
            errors.Add(new FieldError("instalmentPercents", ErrorCodes.InstalmentsCount, "L'aide est versée en deux fois : deux pourcentages sont attendus, par exemple [70, 30]."));
            return;
        }

        for (var i = 0; i < percents.Count; i++)
        {
            if (percents[i] is <= 0 or >= 100)
            {
                errors.Add(new FieldError(TolerantJson.Item("instalmentPercents", i), ErrorCodes.OutOfRange, "Chaque versement est un pourcentage entre 1 et 99."));
            }
        }

        if (percents.Sum(p => (long)p) != 100)
        {
            errors.Add(new FieldError("instalmentPercents", ErrorCodes.InstalmentsSum, "Les pourcentages des versements doivent totaliser 100."));
        }
    }

    private static void PositiveDuration(IsoDuration duration, string field, List<FieldError> errors)
    {
        if (duration.IsZero)
        {
            errors.Add(new FieldError(field, ErrorCodes.MustBePositive, "Cette durée doit être positive."));
        }
    }

    private static void Email(string? address, string field, List<FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(address))
        {
            errors.Add(Required(field));
        }
        else if (!EmailAddresses.IsValid(address))
        {
            errors.Add(new FieldError(field, ErrorCodes.InvalidEmail, $"Adresse électronique invalide : « {address} »."));
        }
    }

    private static void EmailList(IReadOnlyList<string>? addresses, string field, string whenEmpty, List<FieldError> errors)
    {
        if (addresses is null || addresses.Count == 0)
        {
            errors.Add(new FieldError(field, ErrorCodes.Required, whenEmpty));
            return;
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < addresses.Count; i++)
        {
            var path = TolerantJson.Item(field, i);
            Email(addresses[i], path, errors);
            if (addresses[i] is { } a && !string.IsNullOrWhiteSpace(a) && !seen.Add(a))
            {
                errors.Add(new FieldError(path, ErrorCodes.Duplicate, $"Adresse donnée deux fois : « {a} »."));
            }
        }
    }

    private static void CheckDepartments(IReadOnlyList<string>? departments, List<FieldError> errors)
    {
        if (departments is null || departments.Count == 0)
        {
            errors.Add(new FieldError("eligibleDepartments", ErrorCodes.Required, "Au moins un département éligible est nécessaire."));
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < departments.Count; i++)
        {
            var path = TolerantJson.Item("eligibleDepartments", i);
            if (!FrenchPostalCodes.IsDepartmentCode(departments[i]))
            {
                errors.Add(new FieldError(path, ErrorCodes.UnknownDepartment, $"Département inconnu : « {departments[i]} » (attendu par exemple 33, 2A ou 971)."));
            }
            else if (!seen.Add(departments[i]))
            {
                errors.Add(new FieldError(path, ErrorCodes.Duplicate, $"Département donné deux fois : {departments[i]}."));
            }
        }
    }

    private static void CheckAttachments(AttachmentLimits? limits, List<FieldError> errors)
    {
        if (limits is null)
        {
            return;
        }

        if (limits.MaxFileBytes <= 0)
        {
            errors.Add(new FieldError("attachments.maxFileBytes", ErrorCodes.MustBePositive, "La taille maximale d'un fichier doit être positive."));
        }

        if (limits.MaxDossierBytes <= 0)
        {
            errors.Add(new FieldError("attachments.maxDossierBytes", ErrorCodes.MustBePositive, "La taille maximale d'un dossier doit être positive."));
        }

        if (limits.MaxFiles <= 0)
        {
            errors.Add(new FieldError("attachments.maxFiles", ErrorCodes.MustBePositive, "Le nombre maximal de fichiers doit être positif."));
        }

        if (limits is { MaxFileBytes: > 0, MaxDossierBytes: > 0 } && limits.MaxFileBytes > limits.MaxDossierBytes)
        {
            errors.Add(new FieldError("attachments.maxFileBytes", ErrorCodes.Inconsistent, "Un fichier ne peut pas dépasser la taille maximale du dossier entier."));
        }
    }

    private static void CheckSchedule(CampaignSchedule? schedule, List<FieldError> errors)
    {
        if (schedule is null)
        {
            return;
        }

        PositiveDurations(schedule.ChangesRemindersBeforeDeadline, "schedule.changesRemindersBeforeDeadline", errors);
        PositiveDurations(schedule.JuryRemindersBeforeDue, "schedule.juryRemindersBeforeDue", errors);
        PositiveDurations(schedule.BilanRemindersBeforeDue, "schedule.bilanRemindersBeforeDue", errors);
        PositiveDurations(schedule.BilanRemindersAfterDue, "schedule.bilanRemindersAfterDue", errors);
        PositiveDuration(schedule.StaffReminderEvery, "schedule.staffReminderEvery", errors);
        PositiveDuration(schedule.ActionLinkValidity, "schedule.actionLinkValidity", errors);
        PositiveDuration(schedule.StartExpectedWithin, "schedule.startExpectedWithin", errors);
    }

    private static void PositiveDurations(IReadOnlyList<IsoDuration>? durations, string field, List<FieldError> errors)
    {
        for (var i = 0; durations is not null && i < durations.Count; i++)
        {
            PositiveDuration(durations[i], TolerantJson.Item(field, i), errors);
        }
    }
}
