/**
 * `npm run seed`: a demo province with districts, communes and one user per role per relevant unit, so the
 * system can be tried end to end. DEMO DATA: the names are real places of Đồng Nai and the codes follow the
 * official pattern (2-digit province, 3-digit district, 5-digit commune), but they are not checked against
 * the official list of administrative units and must not be used as reference data.
 *
 * Passwords come from SEED_PASSWORD (one for every demo user) or are generated per user and printed once.
 * Idempotent: units and users that exist already are left exactly as they are (a second run changes
 * nothing, and prints no passwords because it creates no one). `seedDemoData` is importable so `npm start`
 * can seed an empty database.
 */
import { randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import { hashPassword, PASSWORD_MIN_LENGTH } from '../api/auth/passwords';
import type { UserRole } from '../api/auth/roles';
import { migrateUp } from '../db/migrate';
import { createPool } from '../db/pool';
import { insertUnit, type NewUnit } from '../db/units';
import { findUserByUsername, insertUser } from '../db/users';
import { loadConfig } from './config';
import { startDatabase } from './services';

export const DEMO_UNITS: readonly NewUnit[] = [
  { code: '75', name: 'Tỉnh Đồng Nai', level: 'province', parentCode: null, placeName: 'Đồng Nai' },
  { code: '731', name: 'Thành phố Biên Hòa', level: 'district', parentCode: '75', placeName: 'Biên Hòa' },
  { code: '737', name: 'Huyện Trảng Bom', level: 'district', parentCode: '75', placeName: 'Trảng Bom' },
  { code: '25993', name: 'Phường Trảng Dài', level: 'commune', parentCode: '731', placeName: 'Trảng Dài' },
  { code: '26005', name: 'Phường Tân Phong', level: 'commune', parentCode: '731', placeName: 'Tân Phong' },
  { code: '26170', name: 'Thị trấn Trảng Bom', level: 'commune', parentCode: '737', placeName: 'Trảng Bom' },
  { code: '26173', name: 'Xã Thanh Bình', level: 'commune', parentCode: '737', placeName: 'Thanh Bình' },
];

const ROLES_BY_LEVEL: Record<NewUnit['level'], readonly UserRole[]> = {
  province: ['admin', 'auditor'],
  district: ['district_officer', 'district_chairman', 'payment_officer'],
  commune: ['intake_clerk', 'commune_officer', 'commune_chairman'],
};

// Demo people: common Vietnamese names, one per demo user in the order users are created.
const DEMO_NAMES = [
  'Nguyễn Văn An',
  'Trần Thị Bích',
  'Lê Minh Châu',
  'Phạm Quốc Dũng',
  'Hoàng Thị Giang',
  'Vũ Đức Hải',
  'Đặng Thị Hạnh',
  'Bùi Văn Hùng',
  'Đỗ Thị Hương',
  'Hồ Văn Khánh',
  'Ngô Thị Lan',
  'Dương Văn Long',
  'Lý Thị Mai',
  'Phan Văn Nam',
  'Trương Thị Nga',
  'Đinh Văn Phúc',
  'Lâm Thị Quỳnh',
  'Mai Văn Sơn',
  'Tạ Thị Thảo',
  'Cao Văn Tuấn',
  'Hà Thị Uyên',
  'Châu Văn Vinh',
];

export interface DemoUser {
  username: string;
  fullName: string;
  role: UserRole;
  unitCode: string;
}

export function demoUsers(): DemoUser[] {
  return DEMO_UNITS.flatMap((unit) =>
    ROLES_BY_LEVEL[unit.level].map((role) => ({ role, unitCode: unit.code })),
  ).map((user, index) => ({
    ...user,
    username: `${user.role}.${user.unitCode}`,
    fullName: DEMO_NAMES[index % DEMO_NAMES.length] as string,
  }));
}

export interface SeedOptions {
  /** One password for every new demo user; generated per user when absent. */
  password?: string;
}

export interface SeedResult {
  unitsCreated: string[];
  /** Only users created by this run, with the password they got (shown once, never stored in clear). */
  usersCreated: Array<DemoUser & { password: string }>;
}

function generatedPassword(): string {
  return randomBytes(12).toString('base64url');
}

export async function seedDemoData(pool: Pool, options: SeedOptions = {}): Promise<SeedResult> {
  if (options.password !== undefined && options.password.length < PASSWORD_MIN_LENGTH) {
    throw new Error(`SEED_PASSWORD must have at least ${PASSWORD_MIN_LENGTH} characters`);
  }
  const unitsCreated: string[] = [];
  for (const unit of DEMO_UNITS) {
    if (await insertUnit(pool, unit)) unitsCreated.push(unit.code);
  }
  const usersCreated: SeedResult['usersCreated'] = [];
  for (const user of demoUsers()) {
    if (await findUserByUsername(pool, user.username)) continue;
    const password = options.password ?? generatedPassword();
    const created = await insertUser(pool, { ...user, passwordHash: await hashPassword(password) });
    // A concurrent seed may have created the user in between: then it is theirs to report.
    if (created) usersCreated.push({ ...user, password });
  }
  return { unitsCreated, usersCreated };
}

export function describeSeedResult(result: SeedResult, passwordFromEnv: boolean): string[] {
  const lines = [
    `Demo data (not official reference data): ${result.unitsCreated.length} unit(s) and ${result.usersCreated.length} user(s) created.`,
  ];
  if (result.usersCreated.length === 0) {
    lines.push('Nothing to create: the demo data is already there.');
    return lines;
  }
  lines.push(
    passwordFromEnv
      ? 'Every new user has the password in SEED_PASSWORD.'
      : 'Passwords (shown only this once):',
  );
  for (const user of result.usersCreated) {
    lines.push(
      `  ${user.username.padEnd(28)} ${user.role.padEnd(18)} ${passwordFromEnv ? '' : user.password}`.trimEnd(),
    );
  }
  return lines;
}

async function main(): Promise<void> {
  const log = (line: string) => console.log(line);
  const config = loadConfig();
  const password = process.env.SEED_PASSWORD || undefined;
  const database = await startDatabase(config, log);
  try {
    await migrateUp(database.url);
    const pool = createPool(database.url, 2);
    try {
      const result = await seedDemoData(pool, password ? { password } : {});
      describeSeedResult(result, password !== undefined).forEach((line) => log(line));
    } finally {
      await pool.end();
    }
  } finally {
    await database.stop();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
