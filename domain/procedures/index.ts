/** Procedure definitions: schema, validation, seeded versions, selection by receipt date, route helpers. */
export * from './vocabulary';
export * from './schema';
export * from './messages';
export * from './validate';
export * from './route';
export * from './select';
export * from './seeds';
export * from './paperwork';
