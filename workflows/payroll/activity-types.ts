/**
 * The contract between the payroll workflows and their activities, owned by the workflow side. Every activity is
 * idempotent: a list is keyed by commune and month, a batch by the entitlements it covers.
 */
export interface PayrollBuildSummary {
  payrollId: number;
  communeCode: string;
  month: string;
  /** False when the list had already gone past draft (approved or later): it was left as it was. */
  built: boolean;
  lineCount: number;
  total: number;
}

export interface PayrollActivities {
  /** The draft list of a commune for a month, emptied for a (re)build; `final` when it is past draft. */
  startPayrollBuild(input: {
    communeCode: string;
    month: string;
    preparedBy: { userId: string; username: string } | null;
  }): Promise<{ payrollId: number; final: boolean }>;
  /**
   * Lines for up to `limit` entitlements after `afterCode` (code order); `lastCode` undefined when none are
   * left. A batch already written is not written again.
   */
  buildPayrollBatch(input: {
    payrollId: number;
    communeCode: string;
    month: string;
    afterCode: string | null;
    limit: number;
  }): Promise<{ lastCode: string | undefined; lines: number }>;
  /** Marks the list built and sums it. */
  finishPayrollBuild(input: { payrollId: number }): Promise<PayrollBuildSummary>;
  /** The communes a schedule's unit covers (itself if a commune). */
  payrollCommunes(input: { unitCode: string }): Promise<string[]>;
}
