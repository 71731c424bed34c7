/**
 * The procedure definitions shipped with the engine. Admins add versions as data; these are the starting set.
 * They are parsed with the full schema when this module loads, so a broken seed fails at once, loudly.
 */
import type { ProcedureDefinition, ProcedureDefinitionInput } from '../schema';
import { ProcedureDefinitionSchema } from '../validate';
import {
  ALLOWANCE_ADJUSTMENT_TWO_TIER,
  ALLOWANCE_RELOCATION_TWO_TIER,
  ALLOWANCE_TERMINATION_TWO_TIER,
} from './entitlement-changes';
import { EMERGENCY_FOOD_THREE_TIER, EMERGENCY_FOOD_TWO_TIER } from './emergency-food';
import { FUNERAL_SUPPORT_THREE_TIER, FUNERAL_SUPPORT_TWO_TIER } from './funeral-support';
import { MONTHLY_ALLOWANCE_THREE_TIER, MONTHLY_ALLOWANCE_TWO_TIER } from './monthly-allowance';

export const SEED_PROCEDURE_INPUTS: readonly ProcedureDefinitionInput[] = [
  MONTHLY_ALLOWANCE_THREE_TIER,
  MONTHLY_ALLOWANCE_TWO_TIER,
  FUNERAL_SUPPORT_THREE_TIER,
  FUNERAL_SUPPORT_TWO_TIER,
  EMERGENCY_FOOD_THREE_TIER,
  EMERGENCY_FOOD_TWO_TIER,
  ALLOWANCE_TERMINATION_TWO_TIER,
  ALLOWANCE_ADJUSTMENT_TWO_TIER,
  ALLOWANCE_RELOCATION_TWO_TIER,
];

export const DEFAULT_PROCEDURES: readonly ProcedureDefinition[] = SEED_PROCEDURE_INPUTS.map((input) =>
  ProcedureDefinitionSchema.parse(input),
);

export {
  EMERGENCY_FOOD_THREE_TIER,
  EMERGENCY_FOOD_TWO_TIER,
  FUNERAL_SUPPORT_THREE_TIER,
  FUNERAL_SUPPORT_TWO_TIER,
  MONTHLY_ALLOWANCE_THREE_TIER,
  MONTHLY_ALLOWANCE_TWO_TIER,
};
