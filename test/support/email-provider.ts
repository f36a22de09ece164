// The e-mail provider we do not run, as a real HTTP server on loopback that the Worker's `http` channel really
// talks to: it records every message and answers as the test says (a status, after a delay).
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ReceivedMessage = { headers: IncomingMessage['headers']; body: Record<string, string> };

export interface EmailProvider {
  /** Where the Worker posts (EMAIL_API_URL). */
  url: string;
  /** Every message received, in order; clear it with `received.length = 0`. */
  received: ReceivedMessage[];
  /** How the next answers go: an error status instead of 202, and how long to wait before answering. */
  answer: { failWith?: number; delayMs?: number };
  close(): Promise<void>;
}

export async function startEmailProvider(): Promise<EmailProvider> {
  const received: ReceivedMessage[] = [];
  const answer: EmailProvider['answer'] = {};
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: JSON.parse(body) });
      const { failWith, delayMs = 0 } = answer;
      setTimeout(() => {
        res.writeHead(failWith ?? 202, { 'content-type': 'application/json' });
        res.end(failWith ? '{"error":"mailbox unavailable"}' : '{"id":"msg_1"}');
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/emails`,
    received,
    answer,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
