/**
 * The contract between the dossier workflow and its activities, owned by the workflow side so workflow code
 * imports no activity implementation. Every activity is idempotent: events by (dossier, seq), documents by
 * an idempotency key derived from them.
 */
import type { CalendarDataInput } from '../../domain/calendar';
import type { Duration, ProcedureDefinition, Role } from '../../domain/procedures';
import type { DecisionSummary, DossierEvent, DossierIncident } from './types';

export interface DossierActivities {
  /** The procedure version in force on the receipt date (published versions over the seeds). */
  snapshotProcedure(input: { procedureId: string; receivedOn: string }): Promise<ProcedureDefinition>;
  /** The working-calendar data in force now, for the province: the run's calendar snapshot (legal-clock.ts). */
  snapshotCalendar(input: { provinceCode: string }): Promise<CalendarDataInput>;
  /**
   * The calendar in force now (legal-clock.ts#retakeCalendar): its version, and its data unless it is still
   * `knownVersion` (the run's snapshot), so a step start that finds no new notice records a few bytes.
   */
  retakeCalendar(input: {
    provinceCode: string;
    knownVersion?: string;
  }): Promise<{ version: string; data?: CalendarDataInput }>;
  /** `from` + duration on the working calendar in force now (admins may have updated it). */
  addDuration(input: { from: string; duration: Duration; provinceCode: string }): Promise<string>;
  /** The day `before` ahead of `due`, e.g. 1 working day before a due date. */
  subtractDuration(input: { from: string; duration: Duration; provinceCode: string }): Promise<string>;
  /** Working days in (from, to]. */
  workingDaysBetween(input: { from: string; to: string; provinceCode: string }): Promise<number>;
  /** Writes one event to the timeline and the read model, once. */
  recordEvent(event: DossierEvent): Promise<void>;
  /** Writes the events of one workflow task, in order, in one transaction; each once. */
  recordEvents(events: DossierEvent[]): Promise<void>;
  /** Opens (or updates) the dossier's incident in the read model, or closes it when `incident` is null. */
  reportIncident(input: { code: string; incident: DossierIncident | null }): Promise<void>;
  /** Renders and stores one document of the dossier, reading its application by code (number taken from the issuer's register if numbered). */
  issueDossierDocument(input: {
    code: string;
    seq: number;
    kind: DossierDocumentKind;
    issuedOn: string;
    procedure: ProcedureDefinition;
    extra?: Record<string, unknown>;
  }): Promise<{ documentId: string; numberLabel?: string }>;
  /** Computes the amounts (domain/benefits) and issues the decision document. */
  issueDecision(input: {
    code: string;
    seq: number;
    signedOn: string;
    /** The day the dossier was received: payment never starts before its month unless the law says so. */
    receivedOn?: string;
    procedure: ProcedureDefinition;
    signer: { role: Role; name?: string };
  }): Promise<DecisionSummary>;
}

/**
 * The dossier's papers as the workflow asks for them. 'completion_request' is the supplement request (yêu
 * cầu bổ sung, form 02): the value is stored in document_issued events and returned by the tracking API, so
 * it keeps the name the procedure data uses for that document (domain/procedures DOCUMENT_KINDS).
 */
export type DossierDocumentKind =
  'receipt' | 'completion_request' | 'intake_refusal' | 'apology' | 'refusal_letter' | 'processing_stopped';
