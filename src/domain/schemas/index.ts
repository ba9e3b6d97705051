export * from './anomaly-rules.js';
export * from './catalog.js';
export * from './common.js';
export * from './learning.js';
export * from './outcomes.js';
export * from './policy.js';
export * from './request.js';
