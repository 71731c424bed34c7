/**
 * `/can-bo/tai-khoan`: the signed-in officer's own message settings — the e-mail address and phone number,
 * and each message at once or one digest a day — over the same use case and schema as
 * PUT /api/me/notification-settings. Saving twice saves the same thing, so a double submit needs no key.
 */
import type { Response } from 'express';
import { changeNotificationSettings, readNotificationSettings } from '../../app/notifications/settings';
import { NotificationSettingsSchema, type NotificationSettings } from '../../domain/notification-settings';
import type { PageModule } from '../app';
import { parseForm } from '../form-errors';
import { localsOf, renderPage, type PageFieldError } from '../page';
import { requireOfficer } from '../session';

const ACCOUNT = '/can-bo/tai-khoan';
const MODE_FIELD_ID = 'mode-immediate';

interface FormValues {
  email: string;
  phone: string;
  mode: string;
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');

export const accountPage: PageModule = (router, { deps, views }) => {
  const show = (
    res: Response,
    values: FormValues,
    extra: { saved?: boolean; errors?: PageFieldError[] },
    status = 200,
  ) =>
    renderPage(
      views,
      res,
      'officer/account',
      {
        title: 'Tài khoản và thông báo',
        values,
        immediate: values.mode !== 'digest',
        digest: values.mode === 'digest',
        ...extra,
      },
      status,
    );

  const valuesOf = (settings: NotificationSettings): FormValues => ({
    email: settings.email ?? '',
    phone: settings.phone ?? '',
    mode: settings.mode,
  });

  router.get(ACCOUNT, requireOfficer(), async (req, res) => {
    const settings = await readNotificationSettings(deps, localsOf(res).auth!.user);
    show(res, valuesOf(settings), { saved: req.query['da-luu'] === '1' });
  });

  router.post(ACCOUNT, requireOfficer(), async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values: FormValues = { email: text(body.email), phone: text(body.phone), mode: text(body.mode) };
    // An empty box means "none"; the schema (one place for the rules) says what else is wrong.
    const parsed = parseForm(
      NotificationSettingsSchema,
      {
        email: values.email.trim() || null,
        phone: values.phone.trim() || null,
        ...(values.mode ? { mode: values.mode } : {}),
      },
      { fieldIds: { mode: MODE_FIELD_ID }, whenEmpty: { mode: 'Chọn cách nhận thông báo' } },
    );
    if (!parsed.ok) {
      show(res, values, { errors: parsed.errors }, 422);
      return;
    }
    await changeNotificationSettings(deps, localsOf(res).auth!.user, parsed.data);
    res.redirect(303, `${ACCOUNT}?da-luu=1`);
  });
};
