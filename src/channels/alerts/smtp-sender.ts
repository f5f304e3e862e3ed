/** Alert e-mails over SMTP (SIMLEDGER_SMTP_URL) with nodemailer: plain text, UTF-8, the alert's Message-ID. */
import nodemailer, { type Transporter } from 'nodemailer';
import type { EmailSender, OutgoingEmail } from '../../services/ports/alert-ports.js';

export class SmtpEmailSender implements EmailSender {
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    this.transport = nodemailer.createTransport(smtpUrl);
  }

  async send(email: OutgoingEmail): Promise<void> {
    await this.transport.sendMail({ from: this.from, to: email.to, subject: email.subject, text: email.text, messageId: email.messageId });
  }

  close(): void {
    this.transport.close();
  }
}
