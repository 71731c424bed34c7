/**
 * `npm run seed`: a demo province with its communes and one user per role per relevant unit, so the system can
 * be tried end to end. DEMO DATA: the names are real places of Đồng Nai and the codes follow the official
 * pattern (2-digit province, 3-digit district, 5-digit commune), but they are not checked against the official
 * list of administrative units and must not be used as reference data.
 *
 * The map is the one in force since 01/07/2025 (two-tier local government, Decree 147/2025 and Resolution
 * 1662/NQ-UBTVQH15 on Đồng Nai's communes, Bình Phước merged in): communes hang directly under the province.
 * The two former districts stay as units abolished on 2025-07-01, with their officers, because dossiers of
 * the three-tier route received before then were sent to them and are still theirs to answer for; each
 * commune records the district it belonged to (formerParentCode). The merged communes' makeup follows the
 * province's draft plan of 04/2025 as reported in the press [S], not the resolution's text: see DEMO_UNITS.
 *
 * Passwords come from SEED_PASSWORD (one for every demo user) or are generated per user and printed once.
 * Idempotent: units and users that exist already are left exactly as they are (a second run changes
 * nothing, and prints no passwords because it creates no one; a database seeded with the pre-2025 map keeps
 * it). `seedDemoData` is importable so `npm start` can seed an empty database.
 */
import { randomBytes } from 'node:crypto';
import type { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import type { Pool } from 'pg';
import { hashPassword, PASSWORD_MIN_LENGTH } from '../app/auth/passwords';
import type { UserRole } from '../app/auth/roles';
import { startReceivedDossier, submitDossier } from '../app/dossiers/submission';
import { migrateUp } from '../db/migrate';
import { createPool } from '../db/pool';
import { inTransaction } from '../db/queryable';
import { insertUnit, type NewUnit } from '../db/units';
import { findUserByUsername, insertUser } from '../db/users';
import { ApplicationSchema, type ApplicationInput } from '../domain/application';
import type { Role } from '../domain/procedures';
import { completeTaskUpdate } from '../workflows/dossier/messages';
import type { Channel } from '../workflows/dossier/types';
import { loadConfig } from './config';
import { startDatabase } from './services';

/** The day the two-tier local government took effect: the districts stop being in force. */
export const TWO_TIER_REFORM_DATE = '2025-07-01';

// Districts come before the communes that name them as their former parent (a foreign key). Makeup of each
// merged commune, as reported from the province's draft plan (plo.vn, 23/04/2025) [S]:
//   Phường Trảng Dài = phường Trảng Dài + xã Thiện Tân (huyện Vĩnh Cửu);
//   Phường Long Bình = phường Long Bình + phường Hố Nai + phường Tân Biên;
//   Xã Trảng Bom = thị trấn Trảng Bom + xã Sông Trầu + xã Giang Điền + xã Quảng Tiến (draft plan, found by
//     an earlier search and not re-read here) [S];
//   Xã Hố Nai 3 = xã Hố Nai 3 (huyện Trảng Bom) + phường Tân Hòa (Thành phố Biên Hòa): its former parent is
//     the district of the commune whose name it kept (one former parent per unit is a simplification).
// The codes are the pre-reform ones of a constituent commune (26005 was Tân Phong, 26173 Thanh Bình: kept so
// existing demo links and tests hold), not the codes the new communes received.
export const DEMO_UNITS: readonly NewUnit[] = [
  { code: '75', name: 'Tỉnh Đồng Nai', level: 'province', parentCode: null, placeName: 'Đồng Nai' },
  ...(
    [
      ['731', 'Thành phố Biên Hòa', 'Biên Hòa'],
      ['737', 'Huyện Trảng Bom', 'Trảng Bom'],
    ] as const
  ).map(([code, name, placeName]) => ({
    code,
    name,
    level: 'district' as const,
    parentCode: '75',
    placeName,
    abolishedOn: TWO_TIER_REFORM_DATE,
  })),
  ...(
    [
      ['25993', 'Phường Trảng Dài', 'Trảng Dài', '731'],
      ['26005', 'Phường Long Bình', 'Long Bình', '731'],
      ['26170', 'Xã Trảng Bom', 'Trảng Bom', '737'],
      ['26173', 'Xã Hố Nai 3', 'Hố Nai 3', '737'],
    ] as const
  ).map(([code, name, placeName, formerParentCode]) => ({
    code,
    name,
    level: 'commune' as const,
    parentCode: '75',
    placeName,
    formerParentCode,
  })),
];

// Former districts keep their officers for the three-tier dossiers received before the reform (and the
// payment officer for the entitlements those decided). Under the two-tier route a payment falls to the
// commune (domain/roles.ts#unitAt), so each commune has a payment officer too.
const ROLES_BY_LEVEL: Record<NewUnit['level'], readonly UserRole[]> = {
  province: ['admin', 'auditor'],
  district: ['district_officer', 'district_chairman', 'payment_officer'],
  commune: ['intake_clerk', 'commune_officer', 'commune_chairman'],
};

/** Roles added with today's map, created after the others so every earlier demo user keeps its name and phone. */
const ROLES_ADDED_BY_LEVEL: Record<NewUnit['level'], readonly UserRole[]> = {
  province: [],
  district: [],
  commune: ['payment_officer'],
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
  'Kiều Thị Xuân',
  'Lương Văn Yên',
];

export interface DemoUser {
  username: string;
  fullName: string;
  role: UserRole;
  unitCode: string;
  /** `<username>@example.test` (a domain reserved for tests): with SMTP_URL set, demo messages arrive there. */
  email: string;
  phone: string;
}

export function demoUsers(): DemoUser[] {
  return [ROLES_BY_LEVEL, ROLES_ADDED_BY_LEVEL]
    .flatMap((roles) =>
      DEMO_UNITS.flatMap((unit) => roles[unit.level].map((role) => ({ role, unitCode: unit.code }))),
    )
    .map((user, index) => ({
      ...user,
      username: `${user.role}.${user.unitCode}`,
      fullName: DEMO_NAMES[index % DEMO_NAMES.length] as string,
      email: `${user.role}.${user.unitCode}@example.test`,
      // 0900 000 001, 0900 000 002…: well-formed, and not the demo applicants' numbers.
      phone: `0900${String(index + 1).padStart(6, '0')}`,
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

// ── demo dossiers ─────────────────────────────────────────────────────────────────────────────────────

/**
 * A demo application at one of the demo communes (names and numbers invented, ID numbers well-formed).
 * `route`: a three-tier dossier names the commune's former district, where its district steps go; a
 * two-tier one (today's map) names none.
 */
export function demoApplication(
  communeCode: string,
  person: {
    applicant: string;
    beneficiary: string;
    phone: string;
    born: string;
    idNumber: string;
    /** How the applicant chose to hear about the dossier (SMS when unset). */
    notifyBy?: 'sms' | 'email';
  },
  extra: Partial<ApplicationInput['beneficiary']> = {},
  route: 'two-tier' | 'three-tier' = 'two-tier',
): ApplicationInput {
  const commune = DEMO_UNITS.find((unit) => unit.code === communeCode);
  const districtCode = route === 'three-tier' ? (commune?.formerParentCode ?? undefined) : undefined;
  const address = `${commune?.name ?? communeCode}, Tỉnh Đồng Nai`;
  return {
    applicant: {
      fullName: person.applicant,
      gender: 'female',
      phone: person.phone,
      address,
      relationship: 'Con',
      email: `nguoi-nop.${person.phone}@example.test`,
      notifyBy: person.notifyBy ?? 'sms',
    },
    beneficiary: {
      fullName: person.beneficiary,
      dateOfBirth: person.born,
      gender: 'male',
      idNumber: person.idNumber,
      address,
      qualifications: [{ clause: '5.5a' }],
      ...extra,
    },
    unit: { provinceCode: '75', ...(districtCode ? { districtCode } : {}), communeCode },
    attachments: [{ name: 'Tờ khai đề nghị trợ giúp xã hội', kind: 'to_khai' }],
  };
}

interface DemoDossierPlan {
  label: string;
  procedureId: string;
  channel: Channel;
  application: ApplicationInput;
  /** Steps the demo approves right away (by the seeded officer of that role), so the dossier has moved on. */
  approve?: Array<{ stepKey: string; role: Role }>;
}

const DEMO_DOSSIERS: readonly DemoDossierPlan[] = [
  {
    label: 'trợ cấp hằng tháng, chờ xét duyệt (commune_officer.26170)',
    procedureId: 'monthly-allowance',
    channel: 'walk_in',
    application: demoApplication('26170', {
      applicant: 'Nguyễn Thị Hoa',
      beneficiary: 'Trần Văn Bảy',
      phone: '0912345678',
      born: '1941-03-15',
      idNumber: '075041000456',
      notifyBy: 'email',
    }),
  },
  {
    label: 'trợ cấp hằng tháng, đang niêm yết công khai rồi chờ Chủ tịch quyết định (commune_chairman.26170)',
    procedureId: 'monthly-allowance',
    channel: 'walk_in',
    application: demoApplication('26170', {
      applicant: 'Lê Thị Thu',
      beneficiary: 'Lê Văn Sáu',
      phone: '0987654321',
      born: '1938-09-02',
      idNumber: '075038001234',
    }),
    approve: [{ stepKey: 'verification', role: 'commune_officer' }],
  },
  {
    label: 'hỗ trợ chi phí mai táng, chờ xét duyệt (commune_officer.26173)',
    procedureId: 'funeral-support',
    channel: 'walk_in',
    application: demoApplication(
      '26173',
      {
        applicant: 'Phạm Thị Lan',
        beneficiary: 'Phạm Văn Tám',
        phone: '0903111222',
        born: '1940-01-20',
        idNumber: '075040002345',
      },
      { diedOn: '2026-01-10' },
    ),
  },
  {
    label: 'nộp trực tuyến, chờ Bộ phận Một cửa kiểm tra (intake_clerk.25993)',
    procedureId: 'monthly-allowance',
    channel: 'online',
    application: demoApplication('25993', {
      applicant: 'Võ Thị Mai',
      beneficiary: 'Võ Văn Chín',
      phone: '0933444555',
      born: '1939-11-11',
      idNumber: '075039003456',
      notifyBy: 'email',
    }),
  },
  {
    label: 'hỗ trợ lương thực khẩn cấp, chờ Chủ tịch quyết định trong 2 ngày (commune_chairman.26005)',
    procedureId: 'emergency-food',
    channel: 'walk_in',
    application: demoApplication(
      '26005',
      {
        applicant: 'Đoàn Thị Hồng',
        beneficiary: 'Đoàn Văn Mười',
        phone: '0977666888',
        born: '1960-05-05',
        idNumber: '075060004567',
      },
      { householdSize: 4 },
    ),
  },
];

export interface DemoDossierDeps {
  pool: Pool;
  temporal: Connection;
  /** The client's data converter (the API deps require it even when a client is given). */
  dataConverter: DataConverter;
  client: Client;
  namespace: string;
  taskQueue: string;
}

async function waitForOpenTask(pool: Pool, code: string, stepKey: string): Promise<string | undefined> {
  for (let attempt = 0; attempt < 300; attempt += 1) {
    const { rows } = await pool.query<{ id: string }>(
      `SELECT id FROM tasks WHERE dossier_code = $1 AND step_key = $2 AND status = 'open'`,
      [code, stepKey],
    );
    if (rows[0]) return rows[0].id;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return undefined;
}

/**
 * Starts the demo dossiers through the real workflow (a worker must poll `taskQueue`), receiving walk-in
 * ones as the seeded desk clerk, and moves some on as the seeded officers would, so every inbox has real
 * work in it. Does nothing when the database has dossiers already. Returns one line per dossier.
 */
export async function seedDemoDossiers(deps: DemoDossierDeps): Promise<string[]> {
  const { rows } = await deps.pool.query('SELECT 1 FROM dossiers LIMIT 1');
  if (rows.length > 0) return [];
  const apiDeps = { ...deps, temporalClient: deps.client };
  const userOf = async (role: string, unitCode: string) =>
    findUserByUsername(deps.pool, `${role}.${unitCode}`);
  const lines: string[] = [];
  for (const plan of DEMO_DOSSIERS) {
    const application = ApplicationSchema.parse(plan.application);
    const clerk = await userOf('intake_clerk', application.unit.communeCode);
    const submission = await inTransaction(deps.pool, (db) =>
      submitDossier(apiDeps, db, {
        procedureId: plan.procedureId,
        application,
        channel: plan.channel,
        ...(plan.channel === 'walk_in' && clerk ? { receivedBy: clerk.id } : {}),
      }),
    );
    if (!(await startReceivedDossier(apiDeps, submission.code))) {
      throw new Error(`the workflow of demo dossier ${submission.code} could not be started`);
    }
    for (const { stepKey, role } of plan.approve ?? []) {
      const taskId = await waitForOpenTask(deps.pool, submission.code, stepKey);
      const officer = await userOf(role, application.unit.communeCode);
      if (!taskId || !officer) break;
      await deps.client.workflow.getHandle(submission.code).executeUpdate(completeTaskUpdate, {
        args: [
          {
            taskId,
            outcome: 'approve',
            actor: { userId: officer.id, role, fullName: officer.fullName },
            note: 'Dữ liệu mẫu',
          },
        ],
      });
    }
    lines.push(`  ${submission.code}  ${plan.label}`);
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
    const pool = createPool(database.url, { max: 2 });
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
