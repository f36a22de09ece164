// Where e-mail goes. `outbox` keeps messages in the database (local default; tests and demos read them back);
// `http` posts them to a JSON e-mail API (Resend, Postmark and the like take this shape).
import type { Config } from '../app/config';


export interface OutgoingMessage {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Sent as `Idempotency-Key`: a provider that sees a key twice delivers once (Resend, Stripe-style APIs). */
  idempotencyKey: string;
}

export type SendResult = { ok: true; status: 'sent' | 'delivered' } | { ok: false; error: string };

export interface Mailer {
  channel: 'outbox' | 'http';
  send(message: OutgoingMessage): Promise<SendResult>;
}

/** `timeoutMs`: the longest one provider call may take (the delivery lease is sized against it). */
export function createMailer(config: Config, timeoutMs: number): Mailer {
  if (config.NOTIFICATION_CHANNEL === 'outbox') {
    // Recording the message is the delivery: the results statement writes it to email_outbox.
    return { channel: 'outbox', send: async () => ({ ok: true, status: 'delivered' }) };
  }
  return {
    channel: 'http',
    async send(message) {
      try {
        const res = await fetch(config.EMAIL_API_URL!, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${config.EMAIL_API_KEY}`, 'Idempotency-Key': message.idempotencyKey },
          body: JSON.stringify({ from: config.EMAIL_FROM, to: message.to, subject: message.subject, html: message.html, text: message.text }),
          signal: AbortSignal.timeout(timeoutMs),
        });
        if (res.ok) return { ok: true, status: 'sent' };
        return { ok: false, error: `e-mail API answered HTTP ${res.status}: ${(await res.text()).slice(0, 300)}` };
      } catch (err) {
        return { ok: false, error: `e-mail API unreachable: ${err instanceof Error ? err.message : String(err)}` };
      }
    },
  };
}
