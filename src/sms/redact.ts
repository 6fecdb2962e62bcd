/**
 * @module sms/redact — keeping the code, personal data and the encrypted code out of a Custom SMS sender's logs and
 * errors: what every custom sender shares (src/sender/redact).
 */
export type { InvocationRedactor } from '../sender/redact.js';
export { describeError, invocationRedactor, loggableEvent, scrubbed } from '../sender/redact.js';
