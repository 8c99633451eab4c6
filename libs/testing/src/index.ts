export * from './database/index.js';
export * from './mock-provider/index.js';
export * from './webhook-receiver/index.js';
