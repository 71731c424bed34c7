import type { BeneficiaryClause } from '../domain/benefit-categories';
import type { PublicPostingData, PublicPostingRow } from './schemas/public-posting';

/**
 * Builds the public posting list (niêm yết công khai) from beneficiary records. Sensitive fields are left
 * out by construction: the mapping copies five named fields and nothing else, and the posting schema
 * has no place for more. HIV status must also not leak through the category, so clauses 5.3 and 5.8
 * (HIV) get labels that are true but do not mention it.
 */

/** The fields read from a beneficiary record; records may carry more (ID number, HIV status…), never copied. */
export interface BeneficiaryForPosting {
  fullName: string;
  /** 'YYYY-MM-DD'; only the year is posted. */
  birthDate: string;
  /** Hamlet / residential group only, e.g. 'ấp 3' — never a street address. */
  hamlet: string;
  clause: BeneficiaryClause;
  monthlyAmount: number;
}

export const PUBLIC_CATEGORY_LABELS: Record<BeneficiaryClause, string> = {
  '5.1': 'Trẻ em dưới 16 tuổi không có nguồn nuôi dưỡng',
  '5.2': 'Người từ 16 đến 22 tuổi đang học, trước đây thuộc diện trẻ em không có nguồn nuôi dưỡng',
  '5.3': 'Trẻ em thuộc hộ nghèo có hoàn cảnh đặc biệt khó khăn',
  '5.4': 'Người đơn thân thuộc hộ nghèo đang nuôi con',
  '5.5a': 'Người cao tuổi thuộc hộ nghèo không có người phụng dưỡng',
  '5.5b': 'Người từ 75 đến 80 tuổi thuộc hộ nghèo, hộ cận nghèo ở vùng dân tộc thiểu số và miền núi',
  '5.5c': 'Người từ đủ 80 tuổi trở lên không có lương hưu, trợ cấp bảo hiểm xã hội hằng tháng',
  '5.5d': 'Người cao tuổi thuộc hộ nghèo không có người phụng dưỡng, được nhận chăm sóc tại cộng đồng',
  '5.6': 'Người khuyết tật nặng, người khuyết tật đặc biệt nặng',
  '5.7': 'Trẻ em dưới 3 tuổi thuộc hộ nghèo, hộ cận nghèo ở vùng dân tộc thiểu số và miền núi',
  '5.8': 'Người thuộc hộ nghèo không có nguồn thu nhập ổn định hằng tháng',
};

export function toPublicPostingRow(record: BeneficiaryForPosting): PublicPostingRow {
  return {
    fullName: record.fullName,
    birthYear: Number(record.birthDate.slice(0, 4)),
    residence: record.hamlet,
    category: PUBLIC_CATEGORY_LABELS[record.clause],
    monthlyAmount: record.monthlyAmount,
  };
}

export type PublicPostingFrame = Omit<PublicPostingData, 'rows'>;

/** The posting's template data: the frame (title, dates, place, signer) plus one safe row per record. */
export function buildPublicPostingData(
  frame: PublicPostingFrame,
  records: readonly BeneficiaryForPosting[],
): PublicPostingData {
  return { ...frame, rows: records.map(toPublicPostingRow) };
}
