/**
 * Monthly social allowance rules in one import: who qualifies and with which coefficient, the base level
 * table, the monthly amount and the month payment starts. Each part lives in its own small module.
 */
export * from './benefit-categories';
export * from './base-level';
export * from './payment-start';
export { ageInFullYears, monthReachingAge } from './iso-date';
