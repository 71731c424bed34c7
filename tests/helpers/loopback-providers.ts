/**
 * Real providers on loopback for notification tests and the bench: an SMTP server (`smtp-server`, the same
 * protocol a real relay speaks, messages parsed with `mailparser`) and an HTTP server standing in for the SMS
 * gateway, whose answer each test chooses (200, 500, or none at all to make the client time out).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  messageId: string;
  outboxKey: string;
  to: string;
  subject: string;
  text: string;
}

export interface LoopbackSmtp {
  url: string;
  received: ReceivedMail[];
  /**
   * Called with each message's data before the server answers: throw to refuse it (the client sees a 451
   * temporary failure and the message is not delivered), or wait to hold the answer back.
   */
  beforeAccept?: (mail: ReceivedMail) => Promise<void> | void;
  close(): Promise<void>;
}

export async function startLoopbackSmtp(): Promise<LoopbackSmtp> {
  const smtp: LoopbackSmtp = {
    url: '',
    received: [],
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    // Many small messages from a pooled client: no per-connection message limit.
    maxClients: 50,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        void (async () => {
          const parsed = await simpleParser(Buffer.concat(chunks));
          const to = Array.isArray(parsed.to) ? parsed.to[0] : parsed.to;
          const mail: ReceivedMail = {
            messageId: parsed.messageId ?? '',
            outboxKey: String(parsed.headers.get('x-outbox-key') ?? ''),
            to: to?.value[0]?.address ?? '',
            subject: parsed.subject ?? '',
            text: (parsed.text ?? '').trim(),
          };
          try {
            await smtp.beforeAccept?.(mail);
          } catch (error) {
            const refusal = new Error((error as Error).message) as Error & { responseCode: number };
            refusal.responseCode = 451;
            callback(refusal);
            return;
          }
          smtp.received.push(mail);
          callback(null, `Ok: queued as Q${smtp.received.length}`);
        })();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = (server as unknown as { server: http.Server }).server.address() as AddressInfo;
  smtp.url = `smtp://127.0.0.1:${port}`;
  return smtp;
}

export interface GatewayRequest {
  headers: http.IncomingHttpHeaders;
  body: { to: string; text: string; reference: string };
}

export interface LoopbackGateway {
  url: string;
  /** Every request, whatever the answer. */
  requests: GatewayRequest[];
  /** Requests answered 200: the SMS the gateway took. */
  delivered: GatewayRequest[];
  /** 'ok' (default), a status to answer with, or 'hang' to never answer. */
  mode: 'ok' | number | 'hang';
  /** How long the gateway takes to answer (a slow provider); 0 by default. */
  delayMs: number;
  close(): Promise<void>;
}

export async function startLoopbackGateway(): Promise<LoopbackGateway> {
  const gateway: LoopbackGateway = {
    url: '',
    requests: [],
    delivered: [],
    mode: 'ok',
    delayMs: 0,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: GatewayRequest = {
        headers: req.headers,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as GatewayRequest['body'],
      };
      gateway.requests.push(request);
      const mode = gateway.mode;
      if (mode === 'hang') return;
      if (gateway.delayMs > 0) {
        setTimeout(() => answer(request, mode, res), gateway.delayMs);
        return;
      }
      answer(request, mode, res);
    });
  });
  function answer(request: GatewayRequest, mode: 'ok' | number, res: http.ServerResponse): void {
    if (mode !== 'ok') {
      res.writeHead(mode, { 'content-type': 'application/json' }).end('{"error":"gateway trouble"}');
      return;
    }
    gateway.delivered.push(request);
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ id: `sms-${gateway.delivered.length}` }));
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  gateway.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/send`;
  return gateway;
}
