export * from './errors.js';
export * from './roles.js';
export * from './money.js';
