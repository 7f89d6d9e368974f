namespace Ami.Workflow.Ports;

/// <summary>Every moment a mail is sent (one French template each, HTML + text).</summary>
public enum MailKind
{
    /// <summary>Accusé de réception, with the reference and the holder's status link.</summary>
    Receipt,
    ValidationRequest,
    ChangesRequested,
    ChangesReminder,
    Eligible,
    Ineligible,
    AuditionInvitation,
    AuditionRequest,
    JuryInvitation,
    JuryReminder,
    JuryEscalation,
    JuryOpinionRequest,
    CpDecisionRequest,
    DecisionGranted,
    DecisionRefused,
    StartAcknowledged,
    BilanReminder,
    BilanOverdue,
    BilanReceived,
    BilanValidationRequest,
    BilanChangesRequested,
    Closed,
    WithdrawalAcknowledged,
    PaymentOrder,
    LateSubmission,
    StaffReminder,
    StaffDigest,

    /// <summary>Accusé de réception of a dossier replaced by the holder after changes were requested.</summary>
    ResubmissionReceived,

    /// <summary>A file is infected or could not be scanned: to the holder (which file to replace) and to staff.</summary>
    AttachmentRejected,

    /// <summary>Files still without an antivirus answer after a bounded time: one alert to staff.</summary>
    AttachmentScanStuck,

    /// <summary>A fresh personal link to "Mon dossier", asked for on "J'ai perdu mon lien" (to the dossier's contact address only).</summary>
    HolderLink,

    /// <summary>The personal link to a draft, when it is saved ("Enregistrer le brouillon"); about no dossier.</summary>
    DraftLink,

    /// <summary>An unfinished draft, reminded at J-7 and J-2 before the deadline; about no dossier.</summary>
    DraftReminder,

    /// <summary>The campaign's calendar: one per juror when the call closes (how many dossiers, by when, the workspace link).</summary>
    JuryWorkspaceInvitation,

    /// <summary>The campaign's calendar: one per juror with sheets missing and reminder date ("il vous reste k grilles").</summary>
    JuryWorkspaceReminder,

    /// <summary>The campaign's calendar: one to staff when the jury is due, listing the dossiers short of sheets.</summary>
    JuryShortfall,

    /// <summary>The campaign's calendar: one to the jury president, the president's workspace link.</summary>
    PresidentWorkspaceInvitation,

    /// <summary>The campaign's calendar: one to the CP secretariat when the opinions are given, the session workspace link.</summary>
    CpWorkspaceInvitation,
}

/// <summary>Who receives a mail, by role: orchestration inputs never carry addresses.</summary>
public enum RecipientRole
{
    Holder,
    Staff,
    Juror,
    JuryPresident,
    CpSecretariat,
    Finance,
}

/// <param name="Role">The recipient's role; addresses are resolved from the dossier and its campaign.</param>
/// <param name="Index">For <see cref="RecipientRole.Juror"/> and <see cref="RecipientRole.Staff"/>: the person's
/// position in the campaign's list (each gets a mail, and a link, of their own); <see cref="Everyone"/> for one
/// mail to all the campaign's staff.</param>
public sealed record Recipient(RecipientRole Role, int Index = 0)
{
    /// <summary>The <see cref="Index"/> of a mail to every staff member at once (nobody's own link).</summary>
    public const int Everyone = -1;
}

/// <summary>
/// A mail to send about a dossier. <paramref name="StepKey"/> identifies the step and its attempt
/// (e.g. <c>validation#1</c>): with the kind and the recipient it makes the sent-mail key, so a retried
/// activity does not mail twice. <paramref name="Values"/> carries non-personal values the template
/// shows (amounts, dates, an action link built inside the activity).
/// </summary>
public sealed record Notification(
    string DossierId,
    MailKind Kind,
    string StepKey,
    Recipient To,
    IReadOnlyDictionary<string, string>? Values = null);

/// <summary>Renders the French template of a notification and sends it (at most once per key).</summary>
public interface INotifier
{
    Task SendAsync(Notification notification, CancellationToken cancellationToken);
}
