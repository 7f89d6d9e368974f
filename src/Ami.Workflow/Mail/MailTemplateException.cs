namespace Ami.Workflow.Mail;

/// <summary>A template that cannot be compiled, or a mail that lacks a value its templates use: no mail goes out.</summary>
public sealed class MailTemplateException : Exception
{
    public MailTemplateException()
    {
    }

    public MailTemplateException(string message)
        : base(message)
    {
    }

    public MailTemplateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
