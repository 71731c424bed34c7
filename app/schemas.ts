/** zod schemas shared by several routes; they validate requests and describe the OpenAPI document. */
import { z } from 'zod';
import { isIsoDate } from '../domain/iso-date';
import { textSchema } from '../domain/text';
import { UserRoleSchema } from './auth/roles';

/** Text typed by a person (see domain/text: acceptable, trimmed, NFC). */
export const vietnameseText = (max = 500) => textSchema({ max });

export const IsoDateSchema = z
  .string()
  .refine(isIsoDate, { error: 'Phải là ngày có thật, viết dạng YYYY-MM-DD' })
  .meta({ description: 'Legal date YYYY-MM-DD (Asia/Ho_Chi_Minh)', example: '2026-07-01' });

export const UnitCodeSchema = z
  .string()
  .regex(/^(\d{2}|\d{3}|\d{5})$/, {
    error: 'Mã đơn vị hành chính gồm 2 (tỉnh), 3 (huyện) hoặc 5 (xã) chữ số',
  })
  .meta({
    description: 'Official unit code: 2-digit province, 3-digit district, 5-digit commune',
    example: '26170',
  });

export const ProvinceCodeSchema = z
  .string()
  .regex(/^\d{2}$/, { error: 'Mã tỉnh gồm 2 chữ số' })
  .meta({ example: '75' });

export const UsernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, {
    error: 'Tên đăng nhập gồm 3–64 ký tự: chữ thường không dấu, chữ số, dấu chấm, gạch ngang hoặc gạch dưới',
  })
  .meta({ example: 'commune_officer.26170' });

export const UuidSchema = z.uuid({ error: 'Mã không hợp lệ (UUID)' });

/** Query strings are text: 'true' / 'false'. */
export const QueryBooleanSchema = z
  .enum(['true', 'false'], { error: 'Phải là true hoặc false' })
  .transform((value) => value === 'true');

export const UserSchema = z
  .object({
    id: z.uuid(),
    username: z.string(),
    fullName: z.string(),
    role: UserRoleSchema,
    unitCode: z.string(),
    active: z.boolean(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'User' });
