/** @module events/fixtures — the fixture files in events/, and the factory call each one is built from. */
import {
  CUSTOM_MESSAGE_TRIGGER_SOURCES,
  type CustomMessageTriggerSource,
} from '../cognito/trigger-sources.js';
import { type CustomMessageEventOptions, customMessageEvent } from './factory.js';

interface Fixture {
  /** The file name in events/. */
  readonly file: string;
  readonly triggerSource: CustomMessageTriggerSource;
  readonly options: CustomMessageEventOptions;
}

/** ClientMetadata in the fixtures that carry some: a brand and a regional locale, as an app would send them. */
const FIXTURE_CLIENT_METADATA = { brand: 'globex', locale: 'fr-CA' } as const;

/** Two fixtures per trigger source: without ClientMetadata, and with it. */
const FIXTURES: readonly Fixture[] = CUSTOM_MESSAGE_TRIGGER_SOURCES.flatMap((triggerSource) => [
  { file: `${triggerSource}.json`, triggerSource, options: {} },
  {
    file: `${triggerSource}.client-metadata.json`,
    triggerSource,
    options: { clientMetadata: FIXTURE_CLIENT_METADATA },
  },
]);

/** The event a fixture file holds. */
const fixtureEvent = (fixture: Fixture) => customMessageEvent(fixture.triggerSource, fixture.options);

export type { Fixture };
export { FIXTURE_CLIENT_METADATA, FIXTURES, fixtureEvent };
