/**
 * Payees and beneficiary cards (migration 885): the current payee of an entitlement, every version saved,
 * and the card number. Rows only; the rules are app/payments'.
 */
import type { PaymentMethod } from '../domain/payee';
import type { Queryable } from './queryable';

export interface PayeeRecord {
  dossierCode: string;
  version: number;
  method: PaymentMethod;
  bankCode: string | null;
  accountNumber: string | null;
  accountHolder: string | null;
  walletProvider: string | null;
  walletPhone: string | null;
  cashReason: string | null;
  recipientName: string | null;
  recipientRelation: string | null;
  recipientIdNumber: string | null;
  updatedAt: string;
  updatedBy: string;
}

const COLUMNS = `dossier_code, version, method, bank_code, account_number, account_holder, wallet_provider,
  wallet_phone, cash_reason, recipient_name, recipient_relation, recipient_id_number, updated_at, updated_by`;

interface PayeeRow {
  dossier_code: string;
  version: number;
  method: PaymentMethod;
  bank_code: string | null;
  account_number: string | null;
  account_holder: string | null;
  wallet_provider: string | null;
  wallet_phone: string | null;
  cash_reason: string | null;
  recipient_name: string | null;
  recipient_relation: string | null;
  recipient_id_number: string | null;
  updated_at: Date;
  updated_by: string;
}

function recordOf(row: PayeeRow): PayeeRecord {
  return {
    dossierCode: row.dossier_code,
    version: row.version,
    method: row.method,
    bankCode: row.bank_code,
    accountNumber: row.account_number,
    accountHolder: row.account_holder,
    walletProvider: row.wallet_provider,
    walletPhone: row.wallet_phone,
    cashReason: row.cash_reason,
    recipientName: row.recipient_name,
    recipientRelation: row.recipient_relation,
    recipientIdNumber: row.recipient_id_number,
    updatedAt: row.updated_at.toISOString(),
    updatedBy: row.updated_by,
  };
}

/** The current payee; `forUpdate` locks it for the caller's transaction. */
export async function findPayee(
  db: Queryable,
  dossierCode: string,
  options: { forUpdate?: boolean } = {},
): Promise<PayeeRecord | undefined> {
  const { rows } = await db.query<PayeeRow>(
    `SELECT ${COLUMNS} FROM payees WHERE dossier_code = $1${options.forUpdate ? ' FOR UPDATE' : ''}`,
    [dossierCode],
  );
  return rows[0] && recordOf(rows[0]);
}

/** Every saved version, newest first. */
export async function payeeVersions(db: Queryable, dossierCode: string): Promise<PayeeRecord[]> {
  const { rows } = await db.query<PayeeRow>(
    `SELECT ${COLUMNS} FROM payee_history WHERE dossier_code = $1 ORDER BY version DESC`,
    [dossierCode],
  );
  return rows.map(recordOf);
}

/**
 * Writes a new current version and keeps it in the history, in the caller's transaction. A Postgres error is
 * rethrown without its `detail`: "Failing row contains (…)" would carry the recipient's ID number into the
 * error log.
 */
export async function savePayeeVersion(db: Queryable, record: PayeeRecord): Promise<void> {
  const values = [
    record.dossierCode,
    record.version,
    record.method,
    record.bankCode,
    record.accountNumber,
    record.accountHolder,
    record.walletProvider,
    record.walletPhone,
    record.cashReason,
    record.recipientName,
    record.recipientRelation,
    record.recipientIdNumber,
    record.updatedAt,
    record.updatedBy,
  ];
  const placeholders = values.map((_, index) => `$${index + 1}`).join(', ');
  try {
    await db.query(
      `INSERT INTO payees (${COLUMNS}) VALUES (${placeholders})
       ON CONFLICT (dossier_code) DO UPDATE SET (${COLUMNS}) = (${placeholders})`,
      values,
    );
    await db.query(`INSERT INTO payee_history (${COLUMNS}) VALUES (${placeholders})`, values);
  } catch (error) {
    throw withoutRowDetail(error);
  }
}

function withoutRowDetail(error: unknown): unknown {
  if (typeof error !== 'object' || error === null || !('code' in error)) return error;
  const { code, constraint } = error as { code?: unknown; constraint?: unknown };
  return Object.assign(new Error(`payee write failed (${String(code)} ${String(constraint ?? '')})`), {
    code,
    constraint,
  });
}

export interface CardRecord {
  dossierCode: string;
  cardNumber: string;
  issuedAt: string;
}

export async function findCard(db: Queryable, dossierCode: string): Promise<CardRecord | undefined> {
  const { rows } = await db.query<{ card_number: string; issued_at: Date }>(
    'SELECT card_number, issued_at FROM beneficiary_cards WHERE dossier_code = $1',
    [dossierCode],
  );
  const row = rows[0];
  return row && { dossierCode, cardNumber: row.card_number, issuedAt: row.issued_at.toISOString() };
}

export async function findCardByNumber(db: Queryable, cardNumber: string): Promise<CardRecord | undefined> {
  const { rows } = await db.query<{ dossier_code: string; issued_at: Date }>(
    'SELECT dossier_code, issued_at FROM beneficiary_cards WHERE card_number = $1',
    [cardNumber],
  );
  const row = rows[0];
  return row && { dossierCode: row.dossier_code, cardNumber, issuedAt: row.issued_at.toISOString() };
}

/** The next card serial (gaps are harmless: a card number is never reused, only unique). */
export async function nextCardSerial(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ serial: string }>("SELECT nextval('beneficiary_card_serial') AS serial");
  return Number(rows[0]!.serial);
}

/** Stores the card unless the entitlement has one; answers the card on file either way. */
export async function insertCard(
  db: Queryable,
  card: { dossierCode: string; cardNumber: string; issuedAt: Date; issuedBy: string },
): Promise<CardRecord> {
  await db.query(
    `INSERT INTO beneficiary_cards (dossier_code, card_number, issued_at, issued_by) VALUES ($1, $2, $3, $4)
     ON CONFLICT (dossier_code) DO NOTHING`,
    [card.dossierCode, card.cardNumber, card.issuedAt, card.issuedBy],
  );
  return (await findCard(db, card.dossierCode))!;
}

/** What paying an entitlement needs to know of it: where it is paid, to whom, and whether it still runs. */
export interface PayableEntitlement {
  dossierCode: string;
  beneficiaryName: string;
  kind: string;
  monthlyAmount: number | null;
  oneOffAmount: number | null;
  startMonth: string | null;
  communeCode: string;
  provinceCode: string;
  status: string;
}

export async function findPayableEntitlement(
  db: Queryable,
  dossierCode: string,
): Promise<PayableEntitlement | undefined> {
  const { rows } = await db.query<{
    dossier_code: string;
    beneficiary_name: string;
    kind: string;
    monthly_amount: string | null;
    one_off_amount: string | null;
    start_month: string | null;
    commune_code: string;
    province_code: string;
    status: string;
  }>(
    `SELECT e.dossier_code, e.beneficiary_name, e.kind, e.monthly_amount, e.one_off_amount, e.start_month,
            e.commune_code, d.province_code, e.status
       FROM entitlements e JOIN dossiers d ON d.code = e.dossier_code
      WHERE e.dossier_code = $1`,
    [dossierCode],
  );
  const row = rows[0];
  return (
    row && {
      dossierCode: row.dossier_code,
      beneficiaryName: row.beneficiary_name,
      kind: row.kind,
      monthlyAmount: row.monthly_amount === null ? null : Number(row.monthly_amount),
      oneOffAmount: row.one_off_amount === null ? null : Number(row.one_off_amount),
      startMonth: row.start_month,
      communeCode: row.commune_code,
      provinceCode: row.province_code,
      status: row.status,
    }
  );
}

/** What the payer's file says of each entitlement of a payroll: its payee (if registered) and card number. */
export interface PayeeForPayer {
  cardNumber: string | null;
  payee: PayeeRecord | null;
}

/** Every entitlement of a payroll with its payee and card, in one query (the export joins it by dossier code). */
export async function payeesOfPayroll(db: Queryable, payrollId: number): Promise<Map<string, PayeeForPayer>> {
  const { rows } = await db.query<PayeeRow & { code: string; card_number: string | null }>(
    `SELECT l.dossier_code AS code, c.card_number, ${COLUMNS.split(',')
      .map((column) => `p.${column.trim()}`)
      .join(', ')}
       FROM (SELECT DISTINCT dossier_code FROM payroll_lines WHERE payroll_id = $1) l
       LEFT JOIN payees p ON p.dossier_code = l.dossier_code
       LEFT JOIN beneficiary_cards c ON c.dossier_code = l.dossier_code`,
    [payrollId],
  );
  return new Map(
    rows.map((row) => [
      row.code,
      { cardNumber: row.card_number, payee: row.dossier_code === null ? null : recordOf(row) },
    ]),
  );
}

/**
 * Replaces the entitlement's card by a new number (a lost card), in the caller's transaction: the old number
 * moves to `replaced_beneficiary_cards`. Undefined when the entitlement has no card.
 */
export async function replaceCard(
  db: Queryable,
  input: { dossierCode: string; cardNumber: string; at: Date; by: string; reason: string },
): Promise<{ replaced: CardRecord; card: CardRecord } | undefined> {
  const { rows } = await db.query<{ card_number: string; issued_at: Date }>(
    'SELECT card_number, issued_at FROM beneficiary_cards WHERE dossier_code = $1 FOR UPDATE',
    [input.dossierCode],
  );
  const old = rows[0];
  if (!old) return undefined;
  await db.query(
    `INSERT INTO replaced_beneficiary_cards (card_number, dossier_code, issued_at, replaced_at, replaced_by, reason)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [old.card_number, input.dossierCode, old.issued_at, input.at, input.by, input.reason],
  );
  await db.query(
    'UPDATE beneficiary_cards SET card_number = $2, issued_at = $3, issued_by = $4 WHERE dossier_code = $1',
    [input.dossierCode, input.cardNumber, input.at, input.by],
  );
  return {
    replaced: {
      dossierCode: input.dossierCode,
      cardNumber: old.card_number,
      issuedAt: old.issued_at.toISOString(),
    },
    card: (await findCard(db, input.dossierCode))!,
  };
}

/** A card number that was replaced, and when. */
export async function findReplacedCard(
  db: Queryable,
  cardNumber: string,
): Promise<{ dossierCode: string; replacedAt: Date } | undefined> {
  const { rows } = await db.query<{ dossier_code: string; replaced_at: Date }>(
    'SELECT dossier_code, replaced_at FROM replaced_beneficiary_cards WHERE card_number = $1',
    [cardNumber],
  );
  return rows[0] && { dossierCode: rows[0].dossier_code, replacedAt: rows[0].replaced_at };
}
