/**
 * Form 06's rows from recorded hand-overs: parties in words with their unit's name, the sender's officer by
 * name, the receiver's officer once someone there has handed the dossier on, times in Vietnam, notes.
 */
import { slipRows, type Handover } from '../../../app/dossiers/process-control-slip';

const OFFICER = 'Công chức phụ trách lao động - thương binh và xã hội cấp xã (26170)';
const CHAIRMAN = 'Chủ tịch Ủy ban nhân dân cấp xã (26170)';
const DESK = 'Bộ phận Một cửa (trả kết quả)';
const UNITS = new Map([['26170', 'Thị trấn Trảng Bom']]);
const NAMES = new Map([
  ['u-officer', 'Lê Minh Châu'],
  ['u-chairman', 'Phạm Quốc Dũng'],
]);

const handover = (overrides: Partial<Handover>): Handover => ({
  at: '2054-12-01T02:15:00.000Z',
  sender: OFFICER,
  receiver: CHAIRMAN,
  status: 'Trước hạn',
  event: { actor: 'u-officer', reason: null, data: {} },
  ...overrides,
});

test('each side is named with its unit; the receiver by the officer who later hands the dossier on', () => {
  const rows = slipRows(
    [
      handover({
        event: { actor: 'u-officer', reason: null, data: { note: 'Đã đối chiếu dữ liệu dân cư' } },
      }),
      handover({
        at: '2054-12-04T08:40:00.000Z',
        sender: CHAIRMAN,
        receiver: DESK,
        status: 'Quá hạn',
        event: { actor: 'u-chairman', reason: null, data: {} },
      }),
    ],
    UNITS,
    NAMES,
  );
  expect(rows).toEqual([
    {
      sender: {
        unit: 'Công chức phụ trách lao động - thương binh và xã hội cấp xã (Thị trấn Trảng Bom)',
        person: 'Lê Minh Châu',
      },
      receiver: { unit: 'Chủ tịch Ủy ban nhân dân cấp xã (Thị trấn Trảng Bom)', person: 'Phạm Quốc Dũng' },
      at: '2054-12-01T09:15',
      status: 'Trước hạn',
      note: 'Đã đối chiếu dữ liệu dân cư',
    },
    {
      sender: { unit: 'Chủ tịch Ủy ban nhân dân cấp xã (Thị trấn Trảng Bom)', person: 'Phạm Quốc Dũng' },
      // Nobody has handed it on from the desk yet, and the desk is no 'title (unit)' party: as recorded.
      receiver: { unit: DESK },
      at: '2054-12-04T15:40',
      status: 'Quá hạn',
    },
  ]);
});

test('a returned dossier: the reason is the note; an unknown unit reads by its code', () => {
  const [row] = slipRows(
    [
      handover({
        receiver: 'Công chức phụ trách lao động - thương binh và xã hội cấp xã (99999)',
        event: { actor: 'u-gone', reason: 'Thiếu giấy xác nhận khuyết tật', data: {} },
      }),
    ],
    UNITS,
    NAMES,
  );
  expect(row).toEqual({
    sender: { unit: 'Công chức phụ trách lao động - thương binh và xã hội cấp xã (Thị trấn Trảng Bom)' },
    receiver: { unit: 'Công chức phụ trách lao động - thương binh và xã hội cấp xã (mã 99999)' },
    at: '2054-12-01T09:15',
    status: 'Trước hạn',
    note: 'Thiếu giấy xác nhận khuyết tật',
  });
});
