// Renders the example handler's messages for every fixture event in events/ and prints them as the user would
// read them. Run with `npm run demo`.
import { readFile } from 'node:fs/promises';
import type { CustomMessageTriggerEvent } from 'aws-lambda';
import { analyzeSms, resolveBrandAndLocale } from 'cognito-trigger-kit';
import { checkCustomMessageResponse, substitutePlaceholders } from 'cognito-trigger-kit/cognito';
import { brands, clientIds } from '../handlers/brands/index.js';
import { FIXTURES } from '../src/events/fixtures.js';
import { htmlToText } from '../src/message/text.js';

// The handler logs one JSON line per invocation; this page shows the messages instead.
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
const { handler } = await import('../handlers/custom-message.js');

const SAMPLE_CODE = '123456';
const bold = (text: string) => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text);
const indent = (text: string) => text.replace(/^/gm, '    ');
const fill = (text: string, event: CustomMessageTriggerEvent) =>
  substitutePlaceholders(text, event.request, { code: SAMPLE_CODE, username: 'diego' });

for (const fixture of FIXTURES) {
  const event = JSON.parse(await readFile(new URL(`../events/${fixture.file}`, import.meta.url), 'utf8'));
  const result = await handler(structuredClone(event));
  const { brandId, locale } = resolveBrandAndLocale(
    {
      clientId: event.callerContext.clientId,
      userAttributes: event.request.userAttributes,
      clientMetadata: event.request.clientMetadata,
    },
    brands,
    'acme',
    { clientIds },
  );
  const findings = checkCustomMessageResponse(result);
  const verdict =
    result === event || (result.response.emailMessage === null && result.response.smsMessage === null)
      ? "unchanged: Cognito sends the pool's own message"
      : findings.length === 0
        ? "accepted by Cognito's rules"
        : `${findings.length} finding(s): ${findings.map((f) => f.rule).join(', ')}`;
  console.log(bold(`\n━━ ${fixture.triggerSource}  (events/${fixture.file})`));
  console.log(
    `    brand ${brandId} · locale ${locale} · ${verdict} · code ${SAMPLE_CODE} shown in place of ${event.request.codeParameter}`,
  );
  const { emailSubject, emailMessage, smsMessage } = result.response;
  if (emailMessage !== null) {
    console.log(
      `${bold(`\n  Email · subject: ${emailSubject}`)}  (${emailMessage.length} characters of HTML)`,
    );
    console.log(indent(fill(htmlToText(emailMessage), event)));
  }
  if (smsMessage !== null) {
    const sms = analyzeSms(fill(smsMessage, event));
    const forced = sms.ucs2Characters.length > 0 ? `, UCS-2 because of ${sms.ucs2Characters.join(' ')}` : '';
    console.log(
      bold('\n  SMS') +
        `  (${sms.encoding}, ${sms.characters} characters, ${sms.segments} segment(s)${forced})`,
    );
    console.log(indent(fill(smsMessage, event)));
  }
}
