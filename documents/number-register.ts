import type { PoolClient } from 'pg';
import type { Numbering } from './document-kinds';
import { numberLabel } from './vietnamese-text';

/**
 * The number register (sổ đăng ký văn bản): one counter per issuer, year and symbol. Decree 30 numbers
 * restart at 01 each year and must have no gaps, so the counter is taken inside the transaction that
 * stores the document:
 *   - INSERT … ON CONFLICT DO UPDATE … RETURNING locks the counter row until that transaction ends, so
 *     concurrent issuers of the same symbol queue instead of reading the same value;
 *   - if storing the document fails, the rollback also undoes the increment: the number is not consumed.
 * A new year is a new row, starting at 1.
 */
export interface RegisterKey {
  issuerCode: string;
  year: number;
  /** Full symbol after the slash: 'QĐ-UBND', 'UBND-VHXH'. */
  symbol: string;
}

export interface TakenNumber {
  number: number;
  symbol: string;
  /** 'Số: 05/QĐ-UBND' */
  label: string;
}

/** Must run on a client inside an open transaction (BEGIN … COMMIT); the lock lasts until it ends. */
export async function takeNextNumber(client: PoolClient, key: RegisterKey): Promise<TakenNumber> {
  const { rows } = await client.query<{ last_number: number }>(
    `INSERT INTO document_number_register (issuer_code, year, symbol, last_number)
     VALUES ($1, $2, $3, 1)
     ON CONFLICT (issuer_code, year, symbol)
     DO UPDATE SET last_number = document_number_register.last_number + 1, updated_at = now()
     RETURNING last_number`,
    [key.issuerCode, key.year, key.symbol],
  );
  const taken = rows[0];
  if (!taken) throw new Error('Sổ đăng ký văn bản không trả về số');
  return { number: taken.last_number, symbol: key.symbol, label: numberLabel(taken.last_number, key.symbol) };
}

/** The symbol a kind prints for an issuer: 'QĐ-UBND' for decisions, 'UBND-VHXH' for letters. */
export function symbolFor(
  numbering: Extract<Numbering, { kind: 'register' }>,
  issuer: { symbol: string; draftingUnit?: string | undefined },
): string {
  if (numbering.typeCode) return `${numbering.typeCode}-${issuer.symbol}`;
  return issuer.draftingUnit ? `${issuer.symbol}-${issuer.draftingUnit}` : issuer.symbol;
}
