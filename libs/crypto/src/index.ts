export * from './master-keys.js';
export * from './envelope.js';
export * from './tokens.js';
