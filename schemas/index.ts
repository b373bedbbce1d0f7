export * from './provenance.js';
export * from './transcript.js';
export * from './metrics.js';
export * from './alliance.js';
export * from './series.js';
export * from './note.js';
export * from './session-record.js';
export * from './workflow.js';
