/**
 * The payee registry (issue 14): how each entitlement is paid, who may collect it for the beneficiary, and
 * every change kept. One set of use cases for `GET/PUT /api/entitlements/:code/payee` and the officer's page.
 *
 * The authorised recipient's ID number is sensitive like the application's (officer-view.ts): masked for every
 * reader unless one allowed to see it asks (`reveal`), and the reveal is an audit row written before it is
 * shown. It never reaches the audit log's details (field names only) nor an error message
 * (db/payees.ts#savePayeeVersion drops Postgres' row detail).
 */
import { maskIdNumber } from '../../domain/text';
import { findPayee, payeeVersions, savePayeeVersion, type PayeeRecord } from '../../db/payees';
import { inTransaction, isUniqueViolation } from '../../db/queryable';
import { fullNamesOf } from '../../db/users';
import { bankOf, eWalletOf, PAYMENT_METHOD_TITLES } from '../../domain/payee';
import { audit, type Actor } from '../audit';
import type { AuthenticatedUser } from '../auth/session';
import { clockOf, type AppDeps } from '../deps';
import { AppError, conflict, forbidden } from '../errors';
import {
  assertEditable,
  mayEditPayee,
  mayRevealPayeeId,
  payableEntitlementInScope,
} from './entitlement-access';
import type { PayeeAnswer, PayeeInput, PayeeView } from './schemas';

/** The fields a version may change, with the words the history shows. */
const FIELD_WORDS = {
  method: 'Hình thức chi trả',
  bankCode: 'Ngân hàng',
  accountNumber: 'Số tài khoản',
  accountHolder: 'Tên chủ tài khoản',
  walletProvider: 'Ví điện tử',
  walletPhone: 'Số điện thoại của ví',
  cashReason: 'Lý do nhận tiền mặt',
  recipientName: 'Họ tên người nhận thay',
  recipientRelation: 'Quan hệ của người nhận thay',
  recipientIdNumber: 'Số định danh của người nhận thay',
} as const;
type PayeeField = keyof typeof FIELD_WORDS;
const FIELDS = Object.keys(FIELD_WORDS) as PayeeField[];

function changedFields(
  before: PayeeRecord | undefined,
  after: Omit<PayeeRecord, 'version' | 'updatedAt' | 'updatedBy'>,
) {
  return FIELDS.filter((field) => (before?.[field] ?? null) !== after[field]);
}

function viewOf(record: PayeeRecord, names: ReadonlyMap<string, string>, revealId: boolean): PayeeView {
  const bank = record.bankCode ? bankOf(record.bankCode) : undefined;
  const wallet = record.walletProvider ? eWalletOf(record.walletProvider) : undefined;
  return {
    dossierCode: record.dossierCode,
    version: record.version,
    method: record.method,
    methodText: PAYMENT_METHOD_TITLES[record.method],
    bankAccount:
      record.method === 'bank_account'
        ? {
            bankCode: record.bankCode!,
            bankName: bank?.name ?? record.bankCode!,
            accountNumber: record.accountNumber!,
            accountHolder: record.accountHolder!,
          }
        : null,
    eWallet:
      record.method === 'e_wallet'
        ? {
            provider: record.walletProvider!,
            providerName: wallet?.name ?? record.walletProvider!,
            phone: record.walletPhone!,
          }
        : null,
    cashReason: record.method === 'cash' ? record.cashReason : null,
    recipient: record.recipientName
      ? {
          fullName: record.recipientName,
          relation: record.recipientRelation!,
          idNumber: revealId ? record.recipientIdNumber! : maskIdNumber(record.recipientIdNumber!),
        }
      : null,
    updatedAt: record.updatedAt,
    updatedBy: names.get(record.updatedBy) ?? 'Cán bộ',
  };
}

/** The current payee of an entitlement in the caller's units (null before one is registered). */
export async function payeeOf(
  deps: AppDeps,
  reader: Actor,
  dossierCode: string,
  options: { reveal?: boolean } = {},
): Promise<PayeeAnswer> {
  const entitlement = await payableEntitlementInScope(deps, reader, dossierCode);
  if (options.reveal && !mayRevealPayeeId(reader)) {
    throw forbidden('Vai trò của bạn không được xem số định danh của người nhận thay');
  }
  const record = await findPayee(deps.pool, entitlement.dossierCode);
  const revealId = options.reveal === true && !!record?.recipientIdNumber;
  if (revealId) {
    await audit(deps.pool, deps, reader, {
      action: 'payee.reveal_id',
      target: { kind: 'payee', id: entitlement.dossierCode },
      dossierCode: entitlement.dossierCode,
      details: { version: record!.version },
    });
  }
  const names = record ? await fullNamesOf(deps.pool, [record.updatedBy]) : new Map<string, string>();
  return {
    payee: record ? viewOf(record, names, revealId) : null,
    idNumberShown: revealId,
    mayEdit: mayEditPayee(reader) && entitlement.status !== 'terminated',
    mayRevealIdNumber: mayRevealPayeeId(reader) && !!record?.recipientIdNumber && !revealId,
  };
}

const stalePayee = () =>
  conflict(
    'PAYEE_CHANGED',
    'Thông tin chi trả vừa được người khác thay đổi. Tải lại trang để xem bản mới nhất rồi sửa lại.',
  );

/**
 * Saves a payee as a new version (history kept, change audited by field name) and answers it. Saving what is
 * already stored changes nothing (no version, no audit row): a double submit is harmless. A recipient sent
 * without an ID number keeps the one on file for the same person; a new recipient needs theirs.
 */
export async function savePayee(
  deps: AppDeps,
  actor: Actor,
  dossierCode: string,
  input: PayeeInput,
): Promise<PayeeAnswer> {
  const entitlement = await payableEntitlementInScope(deps, actor, dossierCode);
  assertEditable(actor, entitlement);
  const at = clockOf(deps)();
  try {
    await inTransaction(deps.pool, async (client) => {
      const current = await findPayee(client, entitlement.dossierCode, { forUpdate: true });
      if (input.expectedVersion !== undefined && input.expectedVersion !== (current?.version ?? 0)) {
        throw stalePayee();
      }
      const recipientIdNumber = input.recipient
        ? (input.recipient.idNumber ??
          (current?.recipientName === input.recipient.fullName ? current.recipientIdNumber : null))
        : null;
      if (input.recipient && !recipientIdNumber) {
        throw new AppError(400, 'VALIDATION_FAILED', 'Dữ liệu không hợp lệ', {
          fieldErrors: [
            {
              path: 'body.recipientIdNumber',
              message: 'Nhập số định danh cá nhân (12 chữ số) của người nhận thay',
            },
          ],
        });
      }
      const next = {
        dossierCode: entitlement.dossierCode,
        method: input.method,
        bankCode: input.method === 'bank_account' ? input.bankAccount.bankCode : null,
        accountNumber: input.method === 'bank_account' ? input.bankAccount.accountNumber : null,
        accountHolder: input.method === 'bank_account' ? input.bankAccount.accountHolder : null,
        walletProvider: input.method === 'e_wallet' ? input.eWallet.provider : null,
        walletPhone: input.method === 'e_wallet' ? input.eWallet.phone : null,
        cashReason: input.method === 'cash' ? input.cashReason : null,
        recipientName: input.recipient?.fullName ?? null,
        recipientRelation: input.recipient?.relation ?? null,
        recipientIdNumber,
      };
      const changed = changedFields(current, next);
      if (current && changed.length === 0) return;
      const version = (current?.version ?? 0) + 1;
      await savePayeeVersion(client, { ...next, version, updatedAt: at.toISOString(), updatedBy: actor.id });
      await audit(client, deps, actor, {
        action: 'payee.save',
        target: { kind: 'payee', id: entitlement.dossierCode },
        dossierCode: entitlement.dossierCode,
        details: { version, method: next.method, changed },
      });
    });
  } catch (error) {
    // Two first saves at once: the second finds version 1 taken.
    if (isUniqueViolation(error)) throw stalePayee();
    throw error;
  }
  return payeeOf(deps, actor, entitlement.dossierCode);
}

export interface PayeeHistoryEntry {
  payee: PayeeView;
  /** What this version changed from the one before, in words (every field for the first). */
  changes: string[];
}

/** Every version, newest first, ID numbers masked (a reveal shows the current one only). */
export async function payeeHistory(
  deps: AppDeps,
  reader: AuthenticatedUser,
  dossierCode: string,
): Promise<PayeeHistoryEntry[]> {
  const entitlement = await payableEntitlementInScope(deps, reader, dossierCode);
  const versions = await payeeVersions(deps.pool, entitlement.dossierCode);
  const names = await fullNamesOf(deps.pool, [...new Set(versions.map((version) => version.updatedBy))]);
  return versions.map((version, index) => {
    const before = versions[index + 1];
    return {
      payee: viewOf(version, names, false),
      changes: changedFields(before, version)
        .filter((field) => version[field] !== null || before?.[field] != null)
        .map((field) => FIELD_WORDS[field]),
    };
  });
}
