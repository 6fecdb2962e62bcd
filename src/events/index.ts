/** @module cognito-trigger-kit/events — sample Custom message events, shaped as Cognito sends them. */
export type { CustomMessageEventOptions } from './factory.js';
export { customMessageEvent, events, SAMPLE } from './factory.js';
