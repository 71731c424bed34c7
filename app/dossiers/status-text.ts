/** How a dossier's status reads for citizens and officers (Vietnamese, NFC). */
import type { DossierStatus } from '../../workflows/dossier/types';

export const DOSSIER_STATUS_TEXT: Readonly<Record<DossierStatus, string>> = {
  received: 'Đã tiếp nhận',
  awaiting_intake_check: 'Chờ Bộ phận Một cửa kiểm tra hồ sơ',
  in_progress: 'Đang giải quyết',
  awaiting_supplement: 'Chờ bổ sung, hoàn thiện hồ sơ',
  completed: 'Đã có kết quả',
  refused: 'Không đủ điều kiện giải quyết (có văn bản trả lời)',
  intake_refused: 'Từ chối tiếp nhận hồ sơ',
  withdrawn: 'Đã dừng giải quyết (người nộp rút hồ sơ)',
};

export function statusText(status: string): string {
  return DOSSIER_STATUS_TEXT[status as DossierStatus] ?? status;
}
