/** An officer's own message settings: the address and number messages reach, and immediate or digest. */
import { notificationSettingsOf, setNotificationSettings, type NotificationSettings } from '../../db/users';
import type { AuthenticatedUser } from '../auth/session';
import type { AppDeps } from '../deps';
import { notFound } from '../errors';

export type { NotificationSettings } from '../../db/users';

export async function readNotificationSettings(
  deps: AppDeps,
  user: AuthenticatedUser,
): Promise<NotificationSettings> {
  const settings = await notificationSettingsOf(deps.pool, user.id);
  if (!settings) throw notFound('Không tìm thấy người dùng');
  return settings;
}

export async function changeNotificationSettings(
  deps: AppDeps,
  user: AuthenticatedUser,
  settings: NotificationSettings,
): Promise<NotificationSettings> {
  await setNotificationSettings(deps.pool, user.id, settings);
  return readNotificationSettings(deps, user);
}
