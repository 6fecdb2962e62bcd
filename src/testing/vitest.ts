/** @module cognito-trigger-kit/testing/vitest — registers the kit's matchers with vitest, types included. */
import { expect } from 'vitest';
import { type CognitoMatchers, cognitoMatchers } from './matchers.js';

expect.extend(cognitoMatchers);

declare module 'vitest' {
  // biome-ignore lint/suspicious/noExplicitAny: the declaration must repeat vitest's own type parameter
  interface Matchers<T = any> extends CognitoMatchers<T> {}
}
