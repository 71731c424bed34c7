/**
 * An officer's message settings: the address and number messages reach, and each message at once or one
 * digest a day. The rules are here once, for the API (PUT /api/me/notification-settings) and the page
 * /can-bo/tai-khoan alike.
 */
import { z } from 'zod';
import { EmailSchema, PhoneSchema } from './application';

export const NOTIFICATION_MODES = ['immediate', 'digest'] as const;
export type NotificationMode = (typeof NOTIFICATION_MODES)[number];

export const NotificationSettingsSchema = z
  .strictObject({
    email: EmailSchema.nullable(),
    phone: PhoneSchema.nullable(),
    mode: z.enum(NOTIFICATION_MODES),
  })
  .superRefine((settings, context) => {
    // Officers are written to by e-mail: a digest with nowhere to go is a choice that silently does nothing.
    if (settings.mode === 'digest' && !settings.email) {
      context.addIssue({
        code: 'custom',
        path: ['email'],
        message: 'cần địa chỉ e-mail để nhận bản tổng hợp hằng ngày',
      });
    }
  });

export type NotificationSettings = z.output<typeof NotificationSettingsSchema>;
