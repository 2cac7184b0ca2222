/**
 * The local mail catcher `npm start` runs (scripts/dev-launcher.ts): SMTP on 127.0.0.1:SMTP_PORT
 * (1025), where the sales service sends the emails of sales workflows (SR-5), and the mails it
 * received on http://127.0.0.1:MAIL_CATCHER_PORT (8025): a page at /, JSON at /mails. Mails are
 * kept in memory only, until it stops.
 */
import { startMailCatcher } from '@agencyflow/testing';

const port = (value: string | undefined, fallback: number) => (value && /^\d+$/.test(value) ? Number(value) : fallback);

async function main() {
  const catcher = await startMailCatcher({ smtpPort: port(process.env.SMTP_PORT, 1025), httpPort: port(process.env.MAIL_CATCHER_PORT, 8025) });
  console.log(`mail catcher: SMTP 127.0.0.1:${catcher.smtpPort}, mails at ${catcher.url}`);
  const stop = () => void catcher.stop().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

void main();
