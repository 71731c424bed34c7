/** `/can-bo/dang-nhap` (login, then back to the page asked for) and `POST /can-bo/dang-xuat` (logout). */
import { z } from 'zod';
import { login } from '../../app/auth/login';
import { endSession } from '../../app/auth/session';
import { AppError } from '../../app/errors';
import { clientAddressOf } from '../../http/client-address';
import type { PageModule } from '../app';
import { parseForm } from '../form-errors';
import { localsOf, renderPage, safeReturnPath, type PageFieldError } from '../page';
import { clearSessionCookie, setSessionCookie } from '../session';

const LoginFormSchema = z.object({
  username: z.string().trim().toLowerCase().min(1, { error: 'Nhập tên đăng nhập' }).max(64),
  password: z.string().min(1, { error: 'Nhập mật khẩu' }).max(200),
  tiep: z.string().optional(),
});

const HOME = '/can-bo/viec-can-lam';

export const officerAuthPages: PageModule = (router, { deps, views }) => {
  const showLogin = (
    res: Parameters<typeof renderPage>[1],
    values: Record<string, unknown>,
    errors: PageFieldError[] = [],
    status = 200,
  ) =>
    // The password is never sent back into the form.
    renderPage(
      views,
      res,
      'officer/login',
      { title: 'Đăng nhập cán bộ', values: { ...values, password: undefined }, errors },
      status,
    );

  router.get('/can-bo/dang-nhap', (req, res) => {
    const back = safeReturnPath(req.query.tiep, HOME);
    if (localsOf(res).auth) {
      res.redirect(303, back);
      return;
    }
    showLogin(res, { tiep: back });
  });

  router.post('/can-bo/dang-nhap', async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const parsed = parseForm(LoginFormSchema, body, {
      whenEmpty: { username: 'Nhập tên đăng nhập', password: 'Nhập mật khẩu' },
    });
    if (!parsed.ok) {
      showLogin(res, body, parsed.errors, 422);
      return;
    }
    try {
      const result = await login(deps, {
        username: parsed.data.username,
        password: parsed.data.password,
        clientIp: clientAddressOf(req),
      });
      setSessionCookie(req, res, result.token, result.expiresAt);
      res.redirect(303, safeReturnPath(parsed.data.tiep, HOME));
    } catch (error) {
      if (error instanceof AppError && (error.status === 401 || error.status === 429)) {
        if (error.headers) res.set(error.headers);
        showLogin(res, body, [{ field: 'username', message: error.message }], error.status);
        return;
      }
      throw error;
    }
  });

  router.post('/can-bo/dang-xuat', async (req, res) => {
    const auth = localsOf(res).auth;
    if (auth) await endSession(deps, auth);
    clearSessionCookie(req, res);
    res.redirect(303, '/can-bo/dang-nhap');
  });
};
