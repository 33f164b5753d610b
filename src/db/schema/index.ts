export * from './accounts.js';
export * from './courses.js';
export * from './enums.js';
export * from './jobs.js';
export * from './minimum-wages.js';
export * from './organisations.js';
export * from './workplaces.js';
