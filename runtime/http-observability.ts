/**
 * First middleware of the HTTP app: gives each request an id (the caller's `X-Request-Id` when it looks like
 * one, so a proxy's id carries through; otherwise a new UUID), answers it in `X-Request-Id`, runs the request
 * in that log context (runtime lines and the Temporal calls it makes carry it: observability/temporal-context),
 * and when the answer is sent logs one line and records its duration by route pattern and status.
 */
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { liveLogContext, logger, withLogContext } from '../observability/log';
import { httpRequestDuration } from '../observability/metrics';
import { isDossierCode } from '../domain/dossier-code';

const INCOMING_ID = /^[A-Za-z0-9._-]{8,64}$/;

export function observeRequests(): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get('x-request-id');
    const requestId = incoming && INCOMING_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader('X-Request-Id', requestId);
    const end = httpRequestDuration.startTimer();
    withLogContext({ requestId }, () => {
      // The context object of this request: fields added to it later (the dossier code) show on the last line.
      const context = liveLogContext() ?? { requestId };
      res.once('finish', () => {
        // The route pattern (`/api/dossiers/:code`), never the path: codes and ids would be one series each.
        const route = req.route ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
        const status = String(res.statusCode);
        const seconds = end({ method: req.method, route, status });
        // A request about one dossier (a code in its path) says which, even if it never reached Temporal or
        // was refused before its handler (the route's params are gone by the time an error handler answers).
        if (!context.dossierCode) {
          const code = (req.originalUrl.split('?')[0] ?? '').split('/').find(isDossierCode);
          if (code) context.dossierCode = code;
        }
        const level = res.statusCode >= 500 ? 'error' : 'info';
        logger()[level](
          { ...context, method: req.method, route, status: res.statusCode, ms: Math.round(seconds * 1000) },
          'HTTP request',
        );
      });
      next();
    });
  };
}
