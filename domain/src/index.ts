export * from './codes.js';
export * from './validators.js';
export * from './item.js';
export * from './problem.js';
export * from './text.js';
export * from './identity.js';
export * from './calendar.js';
export * from './workflow.js';
