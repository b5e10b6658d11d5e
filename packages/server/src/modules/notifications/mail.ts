import type { Config } from '../../config';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/**
 * Sends one message through the configured SMTP relay. Plain SMTP on a private relay is the usual county set-up:
 * STARTTLS is used when the relay offers it (SMTP_SECURE=true for implicit TLS on 465).
 */
export async function sendMail(smtp: NonNullable<Config['smtp']>, mail: Mail): Promise<void> {
  const { default: nodemailer } = await import('nodemailer'); // on first use: a start does not need it
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.pass ?? '' } } : {}),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  try {
    await transport.sendMail({ from: smtp.from, to: mail.to, subject: mail.subject, text: mail.text });
  } finally {
    transport.close();
  }
}
