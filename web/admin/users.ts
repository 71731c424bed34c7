/**
 * `/quan-tri/nguoi-dung`: the users of the admin's province with their role in words and their unit, active or
 * not; creating a user (the admin types the initial password, as the API asks for it), deactivating one after
 * a confirmation page, and resetting a password (a new one generated and shown once). All through
 * app/admin/users.ts, the same use cases as the JSON API.
 *
 * Double submits: every form carries a one-time key claimed with db/idempotency.ts in the same transaction as
 * its work (web/form-once.ts), so a double click or a resent form lands on the same result instead of
 * "username taken", a second end of sessions, or a second new password. The new password is derived from the
 * reset form's key (HMAC with the server's secret), so the page shown for a resend shows the password in
 * force, and no password is ever stored in clear (not even in the idempotency table).
 */
import { clientAddressOf } from '../../http/client-address';
import { actorOf } from '../../app/audit';
import { createHmac, randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import {
  createUser,
  CreateUserSchema,
  deactivateUserAs,
  releaseClaimsOfDeactivated,
  listUsersInScope,
  resetUserPassword,
  userInScope,
  type AdminUser,
} from '../../app/admin/users';
import { flattenTree, unitSubtree, unitTreeOf } from '../../app/admin/units';
import { LEVEL_NAMES_VI, ROLE_LEVELS, USER_ROLES, type UserRole } from '../../app/auth/roles';
import { clockOf } from '../../app/deps';
import { AppError, type FieldError } from '../../app/errors';
import { IdempotencyKeyReusedError, requestHash, runIdempotent } from '../../db/idempotency';
import { ROLE_TITLES } from '../../domain/roles';
import type { PageModule } from '../app';
import { formValues, parseForm } from '../form-errors';
import { formKeyOf, newFormKey, oncePerFormKey } from '../form-once';
import { renderPage, userOf, type PageFieldError } from '../page';
import { requireOfficer } from '../session';

const ADMIN_ONLY = requireOfficer(['admin']);
const LIST = '/quan-tri/nguoi-dung';
const KEY = /^[0-9a-f-]{36}$/;
const USER_ID = /^[0-9a-f-]{36}$/;
/** Letters and digits that cannot be confused when read aloud or copied by hand (no 0/o, 1/l/i). */
const PASSWORD_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

const FIELDS = ['username', 'fullName', 'role', 'unitCode', 'password'] as const;
type Values = Partial<Record<(typeof FIELDS)[number], string>>;

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function idOf(value: unknown): string {
  const id = text(value);
  if (!USER_ID.test(id)) throw new AppError(404, 'NOT_FOUND', 'Không tìm thấy người dùng');
  return id;
}

function roleWords(role: UserRole): string {
  return ROLE_TITLES[role];
}

/** A password of 4 groups of 4 from the key: the same key (a double submit) gives the same password. */
export function derivedPassword(secret: string, userId: string, key: string): string {
  const bytes = createHmac('sha256', secret).update(`reset-password:${userId}:${key}`).digest();
  let out = '';
  for (let i = 0; i < 16; i += 1) {
    if (i > 0 && i % 4 === 0) out += '-';
    out += PASSWORD_ALPHABET[(bytes[i] as number) % PASSWORD_ALPHABET.length];
  }
  return out;
}

/** The API's `body.x` field paths as the page's input ids. */
function pageErrorsOf(fieldErrors: readonly FieldError[]): PageFieldError[] {
  return fieldErrors.map((error) => ({ field: error.path.replace(/^body\./, ''), message: error.message }));
}

export const adminUserPages: PageModule = (router, context) => {
  const { deps, views } = context;

  async function showList(
    req: Request,
    res: Response,
    values: Values = {},
    errors: PageFieldError[] = [],
    status = 200,
  ) {
    const caller = userOf(res);
    const [users, tree] = await Promise.all([listUsersInScope(deps, caller), unitTreeOf(deps, caller)]);
    const units = flattenTree(tree);
    const unitNames = new Map(units.map((unit) => [unit.code, unit.name]));
    const created = text(req.query['da-tao']);
    const deactivated = text(req.query['da-khoa']);
    renderPage(
      views,
      res,
      'admin/users',
      {
        title: 'Người dùng và vai trò',
        errors,
        created: users.find((user) => user.username === created),
        deactivated: users.find((user) => user.id === deactivated),
        users: users.map((user) => ({
          ...user,
          roleText: roleWords(user.role),
          unitName: unitNames.get(user.unitCode) ?? user.unitCode,
          usernameParts: user.username.split('.'),
          isSelf: user.id === caller.id,
        })),
        form: {
          ...values,
          key: randomUUID(),
          roles: USER_ROLES.map((role) => ({
            value: role,
            text: `${roleWords(role)} (${ROLE_LEVELS[role].map((level) => LEVEL_NAMES_VI[level]).join(' hoặc ')})`,
            selected: values.role === role,
          })),
          units: units.map((unit) => ({
            value: unit.code,
            text: `${'— '.repeat(unit.depth)}${unit.name} (${unit.code}, ${LEVEL_NAMES_VI[unit.level]})`,
            selected: values.unitCode === unit.code,
          })),
        },
      },
      status,
    );
  }

  router.get(LIST, ADMIN_ONLY, async (req, res) => {
    await showList(req, res);
  });

  router.post(LIST, ADMIN_ONLY, async (req, res) => {
    const caller = userOf(res);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values: Values = formValues(body, FIELDS);
    const key = text(body.key);
    if (!KEY.test(key))
      throw new AppError(400, 'VALIDATION_FAILED', 'Biểu mẫu không hợp lệ. Vui lòng tải lại trang.');
    const parsed = parseForm(CreateUserSchema, values, {
      whenEmpty: {
        username: 'Nhập tên đăng nhập',
        fullName: 'Nhập họ và tên',
        password: 'Nhập mật khẩu ban đầu',
        role: 'Chọn vai trò',
        unitCode: 'Chọn đơn vị',
      },
    });
    // The password is never typed back into the form shown again.
    const shown = { ...values, password: '' };
    if (!parsed.ok) {
      await showList(req, res, shown, parsed.errors, 422);
      return;
    }
    const input = parsed.data;
    try {
      const answer = await runIdempotent<{ username: string }>(
        deps.pool,
        {
          scope: `web:user-create:${caller.id}`,
          key,
          // Without the password: the key table keeps a hash of the request, and a password has no place there.
          requestSha256: requestHash({ ...input, password: undefined }),
          now: clockOf(deps)(),
        },
        async (client) => {
          const user = await createUser(deps, actorOf(caller, clientAddressOf(req)), input, client);
          return { status: 201, body: { username: user.username } };
        },
      );
      res.redirect(303, `${LIST}?da-tao=${encodeURIComponent(answer.body.username)}#ket-qua`);
    } catch (error) {
      if (error instanceof AppError && error.fieldErrors) {
        await showList(req, res, shown, pageErrorsOf(error.fieldErrors), 422);
        return;
      }
      if (error instanceof AppError && error.code === 'USERNAME_TAKEN') {
        await showList(
          req,
          res,
          shown,
          [{ field: 'username', message: `${error.message}. Chọn tên đăng nhập khác.` }],
          409,
        );
        return;
      }
      if (error instanceof IdempotencyKeyReusedError) {
        await showList(
          req,
          res,
          shown,
          [
            {
              field: 'username',
              message:
                'Biểu mẫu này đã được dùng để tạo một tài khoản khác. Kiểm tra danh sách rồi nhập lại.',
            },
          ],
          409,
        );
        return;
      }
      throw error;
    }
  });

  async function confirmPage(res: Response, user: AdminUser, action: 'khoa' | 'mat-khau', error?: string) {
    const caller = userOf(res);
    // A person reads the unit's name; the code is for the record (and the user is in scope: so is the unit).
    const unit = await unitSubtree(deps, caller, user.unitCode);
    renderPage(
      views,
      res,
      'admin/user-confirm',
      {
        title:
          action === 'khoa' ? `Khóa tài khoản ${user.username}` : `Đặt lại mật khẩu cho ${user.username}`,
        target: { ...user, roleText: roleWords(user.role), unitName: unit.name },
        deactivate: action === 'khoa',
        isSelf: user.id === caller.id,
        key: newFormKey(),
        message: error,
      },
      error ? 409 : 200,
    );
  }

  router.get(`${LIST}/:id/khoa`, ADMIN_ONLY, async (req, res) => {
    await confirmPage(res, await userInScope(deps, userOf(res), idOf(req.params.id)), 'khoa');
  });

  router.post(`${LIST}/:id/khoa`, ADMIN_ONLY, async (req, res) => {
    const caller = userOf(res);
    const id = idOf(req.params.id);
    const key = formKeyOf(req.body);
    try {
      await oncePerFormKey(deps, { name: 'user-deactivate', user: caller, key, request: { id } }, (client) =>
        deactivateUserAs(deps, actorOf(caller, clientAddressOf(req)), id, client).then(() => ({ id })),
      );
      // After the commit (a resend finds nothing left to release).
      await releaseClaimsOfDeactivated(deps, caller, id);
    } catch (error) {
      if (error instanceof AppError && error.code === 'CANNOT_DEACTIVATE_SELF') {
        await confirmPage(res, await userInScope(deps, caller, id), 'khoa', error.message);
        return;
      }
      throw error;
    }
    res.redirect(303, `${LIST}?da-khoa=${id}#ket-qua`);
  });

  router.get(`${LIST}/:id/mat-khau`, ADMIN_ONLY, async (req, res) => {
    await confirmPage(res, await userInScope(deps, userOf(res), idOf(req.params.id)), 'mat-khau');
  });

  router.post(`${LIST}/:id/mat-khau`, ADMIN_ONLY, async (req, res) => {
    const caller = userOf(res);
    const id = idOf(req.params.id);
    const key = formKeyOf(req.body);
    const password = derivedPassword(deps.webSecret, id, key);
    // Set once per key: a late second submit must not end the sessions the user opened with it meanwhile.
    await oncePerFormKey(deps, { name: 'user-password', user: caller, key, request: { id } }, (client) =>
      resetUserPassword(deps, actorOf(caller, clientAddressOf(req)), id, password, client).then(() => ({
        id,
      })),
    );
    const user = await userInScope(deps, caller, id);
    // Shown once: not kept in any cache or history snapshot.
    res.set('Cache-Control', 'no-store');
    renderPage(views, res, 'admin/user-password', {
      title: `Mật khẩu mới của ${user.username}`,
      target: { ...user, roleText: roleWords(user.role) },
      password,
    });
  });
};
