export * from './database/index.js';
export * from './mock-provider/index.js';
