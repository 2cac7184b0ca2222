import nodemailer, { type Transporter } from 'nodemailer';
import type { ServiceConfig } from '@agencyflow/service-kit';

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  /** Stable per (record, step): a receiving system can tell a repeat from a new mail. */
  messageId: string;
}

/** Where sales-workflow emails go (SR-5): an SMTP server. */
export interface Mailer {
  send(email: OutgoingEmail): Promise<void>;
  /** Whether a send failed before the server could have accepted the mail (no connection): safe to send again. */
  refusedBeforeDelivery(error: unknown): boolean;
  close(): void;
}

/** nodemailer's codes for "could not reach or greet the server": nothing was handed over. */
const beforeDelivery = new Set(['ECONNECTION', 'EDNS', 'ETLS', 'EAUTH']);

/**
 * An SMTP mailer over one pooled connection to SMTP_HOST:SMTP_PORT (locally the mail catcher).
 * Credentials, when given, go to the server only; nothing of a mail is logged.
 */
export function smtpMailer(config: Pick<ServiceConfig, 'SMTP_HOST' | 'SMTP_PORT' | 'SMTP_FROM' | 'SMTP_USER' | 'SMTP_PASSWORD'>): Mailer {
  let transport: Transporter | undefined;
  const open = () =>
    (transport ??= nodemailer.createTransport({
      host: config.SMTP_HOST,
      port: config.SMTP_PORT,
      pool: true,
      maxConnections: 1,
      ...(config.SMTP_USER ? { auth: { user: config.SMTP_USER, pass: config.SMTP_PASSWORD ?? '' } } : {}),
    }));
  return {
    async send(email) {
      await open().sendMail({ from: config.SMTP_FROM, to: email.to, subject: email.subject, text: email.text, messageId: email.messageId });
    },
    refusedBeforeDelivery: (error) => beforeDelivery.has((error as { code?: string } | undefined)?.code ?? ''),
    close() {
      transport?.close();
      transport = undefined;
    },
  };
}
