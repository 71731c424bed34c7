/**
 * One event of the officer view's timeline as a line a person reads: what happened, when, who did it and why.
 * Officers are recorded by user id; the page shows their names (app/dossiers/officer.ts#officerNames).
 */
import { documentTitle } from '../../app/dossiers/document-title';
import { displayDate } from '../format';
import { outcomeLabel } from './labels';

interface TimelineEvent {
  type: string;
  at: string;
  actor: string | null;
  reason: string | null;
  /** The step the event belongs to: an outcome is worded for its step (the intake check has its own). */
  stepKey?: string | null;
  data: Record<string, unknown>;
}

const str = (value: unknown): string => (typeof value === 'string' ? value : '');

function describe(event: TimelineEvent): string {
  const data = event.data;
  switch (event.type) {
    case 'dossier_received':
      return 'Nhận hồ sơ';
    case 'dossier_accepted':
      return `Tiếp nhận hồ sơ, hẹn trả kết quả ngày ${displayDate(data.appointmentDate)}`;
    case 'intake_refused':
      return 'Từ chối tiếp nhận hồ sơ';
    case 'step_entered':
      return `Chuyển sang bước: ${str(data.title)}`;
    case 'task_opened':
      return 'Giao việc cho người xử lý';
    case 'task_claimed':
      return 'Nhận xử lý';
    case 'task_released':
      return 'Trả lại việc, chưa xử lý';
    case 'task_reassigned':
      return data.to
        ? 'Lãnh đạo giao lại việc cho cán bộ khác'
        : 'Lãnh đạo thu hồi việc, chờ cán bộ nhận xử lý';
    case 'task_completed':
      return `Xử lý xong: ${data.outcome ? outcomeLabel(event.stepKey ?? '', str(data.outcome)) : 'đã có kết quả'}`;
    case 'task_reminded':
      return `Nhắc việc sắp đến hạn ${displayDate(data.dueDate)}`;
    case 'task_overdue':
      return `Quá hạn xử lý (hạn ${displayDate(data.dueDate)})`;
    case 'due_date_changed':
      return `${data.target === 'appointment' ? 'Đổi ngày hẹn trả kết quả' : 'Đổi hạn xử lý'} thành ${displayDate(data.newDate)}`;
    case 'clock_stopped':
      return 'Tạm dừng tính thời hạn, chờ bổ sung hồ sơ';
    case 'clock_resumed':
      return 'Nhận giấy tờ bổ sung, tiếp tục tính thời hạn';
    case 'posting_started':
      return `Niêm yết công khai đến hết ngày ${displayDate(data.endsOn)}`;
    case 'posting_ended':
      return 'Kết thúc niêm yết công khai';
    case 'complaint_filed':
      return 'Có khiếu nại, góp ý trong thời gian niêm yết';
    case 'returned':
      return 'Trả lại bước trước để xử lý lại';
    case 'document_issued':
      return `Ban hành ${documentTitle(str(data.kind)) ?? 'văn bản'}${data.numberLabel ? `, ${str(data.numberLabel)}` : ''}`;
    case 'decision_issued':
      return 'Ban hành quyết định';
    case 'decision_failed':
      return 'Không tính được mức trợ giúp theo quy định: cần kiểm tra lại hồ sơ';
    case 'document_failed':
      return 'Không lập được văn bản theo quy định: bước xử lý được mở lại để xử lý tiếp';
    case 'entitlement_created':
      return 'Ghi nhận chế độ được hưởng';
    case 'dossier_completed':
      return 'Hoàn thành giải quyết hồ sơ';
    case 'dossier_refused':
      return 'Hồ sơ không đủ điều kiện giải quyết';
    case 'dossier_withdrawn':
      return data.by === 'desk'
        ? 'Người nộp rút hồ sơ (đơn nộp tại Bộ phận Một cửa): dừng giải quyết'
        : 'Người nộp rút hồ sơ trực tuyến: dừng giải quyết';
    default:
      return 'Cập nhật hồ sơ';
  }
}

export function timelineEntry(event: TimelineEvent, names: ReadonlyMap<string, string>) {
  const note = event.type === 'task_completed' ? str(event.data.note) : '';
  return {
    at: event.at,
    text: describe(event),
    actor: event.actor
      ? (names.get(event.actor) ?? (/^[0-9a-f-]{36}$/i.test(event.actor) ? '' : event.actor))
      : '',
    reason: event.reason ?? '',
    note,
    missingDocuments:
      event.type === 'clock_stopped' && Array.isArray(event.data.missingDocuments)
        ? event.data.missingDocuments.filter((item): item is string => typeof item === 'string')
        : [],
  };
}
