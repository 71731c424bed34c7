/**
 * The pages, as one express router mounted beside the JSON API (runtime/http-app.ts). Middleware in one fixed
 * order: security headers (CSP with a nonce per request) → cookies → static files → form bodies → session →
 * CSRF → pages → 404 page → error page.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import cookieParser from 'cookie-parser';
import { doubleCsrf } from 'csrf-csrf';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import helmet from 'helmet';
import { AppError } from '../app/errors';
import { unavailableError } from '../app/service-unavailable';
import { isMultipart, type FormFields } from '../http/multipart';
import type { WebDeps } from './deps';
import { localsOf, renderPage } from './page';
import { WEB_PAGES } from './pages';
import { csrfIdentifierOf, loadSession } from './session';
import { createViewEngine, type ViewEngine } from './views';

/** Forms are small: a citizen's application without its attachments is a few kilobytes. */
const FORM_LIMIT = '64kb';

export interface WebContext {
  deps: WebDeps;
  views: ViewEngine;
  /**
   * CSRF check of a multipart form (UPLOAD_FORMS), with the text fields read so far: call it before the first
   * file is stored (receiveMultipart's beforeFirstFile) and again after parsing (a form sent with no file).
   */
  checkCsrf(req: Request, fields: FormFields): void;
}

/**
 * Forms that send files. Their bodies are multipart, which the form-body parser above does not read, so the
 * CSRF middleware would see no token: for these paths only, the page itself checks the token from the
 * multipart fields (which the form puts first) before it stores anything. Any other multipart post goes
 * through the middleware as usual and is refused.
 */
const UPLOAD_FORMS =
  /^\/(nop-ho-so\/[a-z0-9-]{1,80}|tra-cuu\/bo-sung|can-bo\/tiep-nhan\/moi\/[a-z0-9-]{1,80}|can-bo\/chi-tra\/\d{1,10}\/ket-qua)$/;

export type PageModule = (router: Router, context: WebContext) => void;

export function createWebRouter(deps: WebDeps, modules: readonly PageModule[] = WEB_PAGES): Router {
  const views = createViewEngine();
  const router = express.Router();

  router.use((_req, res, next) => {
    res.locals.nonce = randomBytes(16).toString('base64');
    next();
  });
  router.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", (_req, res) => `'nonce-${localsOf(res as Response).nonce}'`],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          baseUri: ["'none'"],
          objectSrc: ["'none'"],
        },
      },
      // Documents open in a new tab from the same origin; nothing here is embedded elsewhere.
      crossOriginEmbedderPolicy: false,
    }),
  );
  router.get('/static/htmx.min.js', (_req, res) => {
    res.sendFile(require.resolve('htmx.org/dist/htmx.min.js'), { maxAge: '1h' });
  });
  router.use('/static', express.static(path.join(__dirname, 'static'), { maxAge: '1h', index: false }));
  router.use(cookieParser());
  router.use(express.urlencoded({ extended: false, limit: FORM_LIMIT, parameterLimit: 200 }));
  router.use(loadSession(deps));

  const { generateCsrfToken, doubleCsrfProtection, validateRequest, invalidCsrfTokenError } = doubleCsrf({
    getSecret: () => deps.webSecret,
    getSessionIdentifier: csrfIdentifierOf,
    cookieName: 'tgxh_csrf',
    cookieOptions: { sameSite: 'lax', path: '/', secure: false, httpOnly: true }, // Secure per request below
    getCsrfTokenFromRequest: (req) => {
      const fromBody = (req.body as Record<string, unknown> | undefined)?._csrf;
      return typeof fromBody === 'string' ? fromBody : req.get('x-csrf-token');
    },
    errorConfig: { statusCode: 403, code: 'CSRF_INVALID', message: 'CSRF_INVALID' },
  });
  router.use((req, res, next) => {
    if (req.method === 'POST' && isMultipart(req.headers) && UPLOAD_FORMS.test(req.path)) return next();
    doubleCsrfProtection(req, res, next);
  });
  router.use((req, res, next) => {
    const locals = localsOf(res);
    locals.csrfToken = generateCsrfToken(req, res, { cookieOptions: { secure: req.secure } });
    locals.currentPath = req.path;
    next();
  });

  const checkCsrf = (req: Request, fields: FormFields) => {
    req.body = { _csrf: fields._csrf };
    if (!validateRequest(req)) throw invalidCsrfTokenError;
  };
  const context: WebContext = { deps, views, checkCsrf };
  for (const register of modules) register(router, context);

  router.use((req: Request, res: Response) => {
    renderPage(views, res, 'not-found', { title: 'Không tìm thấy trang' }, 404);
  });
  router.use(pageErrorHandler(context));
  return router;
}

/**
 * AppErrors become a page with their message; CSRF failures ask to reload; Postgres or Temporal out of reach
 * gives the 503 page (the same answer as the JSON API); anything else is logged.
 */
function pageErrorHandler({ deps, views }: WebContext) {
  return (thrown: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (res.headersSent) return;
    const error = unavailableError(thrown) ?? thrown;
    const code = (error as { code?: unknown }).code;
    if (code === 'CSRF_INVALID' || code === 'EBADCSRFTOKEN') {
      renderPage(
        views,
        res,
        'error',
        {
          title: 'Biểu mẫu đã hết hạn',
          message:
            'Biểu mẫu này đã hết hạn hoặc được gửi từ một trang khác. Vui lòng quay lại, tải lại trang và gửi lại.',
        },
        403,
      );
      return;
    }
    if (error instanceof AppError) {
      if (error.headers) res.set(error.headers);
      renderPage(
        views,
        res,
        'error',
        { title: errorTitle(error.status), message: error.message },
        error.status,
      );
      return;
    }
    const status = (error as { status?: unknown }).status;
    if (status === 413) {
      renderPage(
        views,
        res,
        'error',
        { title: 'Dữ liệu quá lớn', message: 'Nội dung gửi lên quá lớn.' },
        413,
      );
      return;
    }
    (deps.logError ?? ((message, err) => console.error(message, err)))(
      `page ${req.method} ${req.path}`,
      error,
    );
    renderPage(
      views,
      res,
      'error',
      {
        title: 'Hệ thống đang gặp sự cố',
        message: 'Đã có lỗi ngoài ý muốn. Vui lòng thử lại sau ít phút.',
      },
      500,
    );
  };
}

function errorTitle(status: number): string {
  if (status === 401) return 'Cần đăng nhập';
  if (status === 403) return 'Không có quyền truy cập';
  if (status === 404) return 'Không tìm thấy';
  if (status === 409) return 'Không thể thực hiện lúc này';
  if (status === 429) return 'Thử lại sau';
  if (status === 503) return 'Hệ thống tạm thời gián đoạn';
  if (status === 504) return 'Hệ thống chưa phản hồi kịp';
  return 'Không thể thực hiện';
}
