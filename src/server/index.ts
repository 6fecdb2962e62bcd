/** @module cognito-trigger-kit/server — the Cognito user pools API (AWS JSON 1.1) over a LocalCognito engine. */
export type { RunningServer, ServeOptions } from './server.js';
export { localMessage, startServer } from './server.js';
