/**
 * Form 06, the process-control slip (Phiếu kiểm soát quá trình giải quyết hồ sơ), printed on demand from the
 * hand-overs the read model stores (control_slip_entries, one per completed task, with the status the
 * workflow computed with domain/legal-time#onTimeStatus against the step's due date).
 *
 * Not stored: the slip is the read model seen at the moment of printing — it grows with every hand-over, has
 * no number and no legal life of its own (the entries and the timeline it is printed from are the record,
 * kept with their seq). Storing a copy per download would pile up stale snapshots that nobody can tell apart.
 *
 * A protected dossier (HIV) is printed for every reader in scope, with the same rule as the timeline
 * (officer-view.ts#timelineFor): for readers who may not know the category, typed notes and reasons read
 * WITHHELD_TEXT. The slip carries no clause, ID number or HIV status for anyone.
 */
import { controlSlipEntries, dossierEvents, type DossierEventRecord } from '../../db/dossier-views';
import type { Queryable } from '../../db/queryable';
import { findUnit } from '../../db/units';
import { fullNamesOf } from '../../db/users';
import { renderOnDemand, renderPdf, type DocumentDataInput } from '../../documents';
import { isOnTimeStatus, localDateTimeOf, type OnTimeStatus } from '../../domain/legal-time';
import { type Actor } from '../audit';
import type { AppDeps } from '../deps';
import { clockOf, legalToday } from '../deps';
import type { DossierDocument } from './documents';
import { dossierInScope } from './officer';
import { timelineFor } from './officer-view';
import { oneStopHeader } from './one-stop-header';
import { recordProtectedDossierRead } from './reveal';

type SlipData = DocumentDataInput<'process-control-slip'>;
type Party = SlipData['handovers'][number]['sender'];

/** How the workflow names a party (workflows/dossier/plan.ts#partyLabel): 'title (unit code)'. */
const PARTY_LABEL = /^(.+) \((\d+)\)$/u;

async function unitNames(db: Queryable, labels: readonly string[]): Promise<Map<string, string>> {
  const codes = [...new Set(labels.flatMap((label) => PARTY_LABEL.exec(label)?.[2] ?? []))];
  const units = await Promise.all(codes.map((code) => findUnit(db, code)));
  return new Map(units.flatMap((unit) => (unit ? [[unit.code, unit.name] as const] : [])));
}

/** 'Chủ tịch Ủy ban nhân dân cấp xã (xã Phước An)'; a party without a unit (the applicant) as recorded. */
function partyOf(label: string, units: ReadonlyMap<string, string>, person: string | undefined): Party {
  const match = PARTY_LABEL.exec(label);
  const unit = match ? `${match[1]} (${units.get(match[2]!) ?? `mã ${match[2]}`})` : label;
  return person ? { unit, person } : { unit };
}

function knownStatus(value: string): OnTimeStatus {
  // The workflow writes one of the three (domain/legal-time#onTimeStatus); anything else is a broken row.
  if (!isOnTimeStatus(value)) throw new Error(`control slip entry with status ${JSON.stringify(value)}`);
  return value;
}

/** A recorded hand-over with the completion event it came from (this reader's view of it). */
export interface Handover {
  at: string;
  sender: string;
  receiver: string;
  status: OnTimeStatus;
  event: Pick<DossierEventRecord, 'actor' | 'reason' | 'data'> | undefined;
}

/**
 * The slip's rows: each party in words with its unit's name; the sender's person is who completed the task,
 * the receiver's is who later hands the dossier on from that party (unknown yet: no name); the note is the
 * completion's reason or note as this reader may read it.
 */
export function slipRows(
  handovers: readonly Handover[],
  units: ReadonlyMap<string, string>,
  names: ReadonlyMap<string, string>,
): SlipData['handovers'] {
  const personOf = (handover: Handover | undefined) =>
    handover?.event?.actor ? names.get(handover.event.actor) : undefined;
  return handovers.map((handover, index) => {
    const taker = handovers.slice(index + 1).find((later) => later.sender === handover.receiver);
    const note = handover.event?.reason ?? handover.event?.data.note;
    return {
      sender: partyOf(handover.sender, units, personOf(handover)),
      receiver: partyOf(handover.receiver, units, personOf(taker)),
      at: localDateTimeOf(Date.parse(handover.at)),
      status: handover.status,
      ...(typeof note === 'string' && note.trim() ? { note } : {}),
    };
  });
}

/** The slip's data for this reader. */
async function slipData(
  deps: AppDeps,
  user: Actor,
  code: string,
): Promise<{ data: SlipData; provinceCode: string; communeCode: string }> {
  const dossier = await dossierInScope(deps, user, code);
  await recordProtectedDossierRead(deps, user, dossier);
  const [entries, events] = await Promise.all([
    controlSlipEntries(deps.pool, dossier.code),
    dossierEvents(deps.pool, dossier.code),
  ]);
  const completions = new Map(
    timelineFor(user, dossier, events)
      .filter((event) => event.type === 'task_completed')
      .map((event) => [event.seq, event]),
  );
  const handovers: Handover[] = entries.map((entry) => ({
    at: entry.handedOverAt,
    sender: entry.sender,
    receiver: entry.receiver,
    status: knownStatus(entry.onTimeStatus),
    event: completions.get(entry.seq),
  }));
  const [units, names] = await Promise.all([
    unitNames(
      deps.pool,
      handovers.flatMap((h) => [h.sender, h.receiver]),
    ),
    fullNamesOf(
      deps.pool,
      handovers.flatMap((h) => (h.event?.actor ? [h.event.actor] : [])),
    ),
  ]);
  const data: SlipData = {
    dossierCode: dossier.code,
    applicant: { fullName: dossier.applicantName },
    request: dossier.procedureTitle,
    receivedAt: localDateTimeOf(Date.parse(dossier.receivedAt)),
    ...(dossier.appointmentDate ? { appointmentOn: dossier.appointmentDate } : {}),
    handovers: slipRows(handovers, units, names),
  };
  return { data, provinceCode: dossier.provinceCode, communeCode: dossier.communeCode };
}

/** Form 06 of a dossier in the caller's scope, as HTML (the print view) or PDF; never stored (see above). */
export async function processControlSlip(
  deps: AppDeps,
  user: Actor,
  code: string,
  format: 'html' | 'pdf',
): Promise<DossierDocument> {
  const { data, provinceCode, communeCode } = await slipData(deps, user, code);
  const commune = await findUnit(deps.pool, communeCode);
  const header = oneStopHeader(
    commune ?? { name: `xã (mã ${communeCode})`, placeName: communeCode },
    legalToday(clockOf(deps)()),
  );
  const html = await renderOnDemand(deps.pool, provinceCode, 'process-control-slip', data, header);
  const filename = `${code}-phieu-kiem-soat`;
  if (format === 'html') return { kind: 'html', filename: `${filename}.html`, body: html };
  return { kind: 'pdf', filename: `${filename}.pdf`, body: await renderPdf(html) };
}
