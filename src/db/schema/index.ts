export * from './accounts.js';
export * from './enums.js';
export * from './jobs.js';
export * from './minimum-wages.js';
export * from './organisations.js';
export * from './requests.js';
export * from './shared-state.js';
export * from './workplaces.js';
