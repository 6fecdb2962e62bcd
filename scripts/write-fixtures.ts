// Writes events/*.json from the event factory. Run after changing the factory: `npm run fixtures:write`.
import { writeFile } from 'node:fs/promises';
import { FIXTURES, fixtureEvent } from '../src/events/fixtures.js';

for (const fixture of FIXTURES) {
  const path = new URL(`../events/${fixture.file}`, import.meta.url);
  await writeFile(path, `${JSON.stringify(fixtureEvent(fixture), null, 2)}\n`);
  console.log(`events/${fixture.file}`);
}
