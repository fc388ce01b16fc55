export { audit, type AuditEntry } from './log.js';
