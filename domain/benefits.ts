/**
 * Monthly social allowance rules in one import: who qualifies and with which coefficient, the base level
 * table, the monthly amount, arrears after a late base level, and the month payment starts. Each part lives
 * in its own small module.
 */
export * from './benefit-categories';
export * from './base-level';
export * from './base-level-arrears';
export * from './payment-start';
export { ageInFullYears, monthReachingAge } from './iso-date';
