/**
 * What the payroll knows of an entitlement (table `entitlements`, the contract between the payment helpers):
 * its amounts, the month it starts, the legal date it ended, and the base-level changes confirmed after months
 * it covers (`entitlement_arrears`, one row per month and change).
 */
import type { BaseLevelEntry } from '../base-level';
import type { AmountChange, BaseLevelChangeMonth } from '../entitlement-months';

export type { BaseLevelChangeMonth };

export type EntitlementStatus = 'active' | 'paid' | 'suspended' | 'terminated';

export interface PayrollEntitlement {
  dossierCode: string;
  /** 'monthly' allowances, 'one_off' payments (funeral support…); 'in_kind' aid (rice) is never on a payroll. */
  kind: string;
  status: EntitlementStatus;
  /** VND per month, the amount in force now (a confirmed base level has already replaced the old one). */
  monthlyAmount: number | null;
  oneOffAmount: number | null;
  /** First month paid ('YYYY-MM'). */
  startMonth: string | null;
  /** Legal date of the event that ends it; its month is the last one paid (payment stops the month after). */
  endedOn: string | null;
  /** Months a base-level change was confirmed after, oldest change first within a month. */
  baseLevelChanges: readonly BaseLevelChangeMonth[];
  /**
   * The month a suspension in force started from (`entitlement_suspensions`, found by reconciliation): the
   * months from it on are not payable, even when the entitlement is terminated later ("3 months after an
   * unremedied suspension"). Absent when never suspended or the suspension was lifted.
   */
  suspendedFromMonth?: string | null;
  /**
   * The entitlement that continues this one at a new commune (`continues_from` of the relocation's entitlement),
   * when it ended by a relocation. The new one counts this one's lines as its own (db/payrolls.ts).
   */
  continuedBy?: string | null;
  /** Adjustments decided (`entitlement_amount_changes`, migration 890), in the order decided. */
  amountChanges?: ReadonlyArray<AmountChange>;
  /** The base-level table as confirmed so far: an adjusted month pays its coefficient × that month's level. */
  baseLevels?: readonly BaseLevelEntry[];
}
