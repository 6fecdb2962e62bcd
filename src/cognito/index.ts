/** @module cognito-trigger-kit/cognito — Cognito's rules for Custom message triggers, for checks of your own. */
export type { CharacterPosition } from './characters.js';
export { describeCharacter, findCharacters, formatCodePoint } from './characters.js';
export * from './limits.js';
export type {
  CheckInput,
  CheckOptions,
  EmailSendingAccount,
  Finding,
  MessageField,
  Severity,
} from './rules.js';
export { checkCustomMessageResponse, errorsOf, Rule } from './rules.js';
export type {
  CustomMessageEventOf,
  LinkParameterSource,
  UsernameParameterSource,
} from './trigger-sources.js';
export {
  CLIENT_ID_NOT_APPLICABLE,
  CUSTOM_MESSAGE_TRIGGER_SOURCES,
  CustomMessageTriggerSource,
  hasLinkParameter,
  hasUsernameParameter,
  isCustomMessageTriggerSource,
  LINK_PARAMETER_SOURCES,
  substitutePlaceholders,
  USERNAME_PARAMETER_SOURCES,
} from './trigger-sources.js';
