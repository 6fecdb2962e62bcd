/** @module cli/summary — the human account of a call that the CLI writes on stderr. */
import { relative } from 'node:path';
import type { Trace } from '../local/local-cognito.js';
import { analyzeSms } from '../message/sms.js';

const indent = (text: string, by = '      ') => text.replace(/^/gm, by);

/**
 * Describes a traced call for a person: what was asked, each trigger invocation and Cognito's verdict, each message
 * delivered (subject, text, SMS encoding and segments, outbox files), and the notes on uncertain behaviour.
 * `explanations` holds, per invocation, what the function itself said of its outcome (why it fell back), when a kit
 * builder wrote it.
 *
 * @example
 * ```ts
 * process.stderr.write(summarize(trace, 'handlers/custom-message.ts'));
 * ```
 */
const summarize = (
  trace: Trace,
  handlerLabel: string,
  explanations: readonly (string | undefined)[] = [],
): string => {
  const lines: string[] = [];
  const request = trace.request as {
    UserPoolId?: string;
    Username?: string;
    UserAttributes?: { Name: string }[];
  };
  const names = (request.UserAttributes ?? []).map((a) => a.Name).join(', ');
  lines.push(
    `cognito-trigger: ${trace.operation}${request.Username ? ` ${request.Username}` : ''}${names ? ` (${names})` : ''}`,
  );
  const senders = trace.senderInvocations ?? [];
  if (
    trace.invocations.length === 0 &&
    senders.length === 0 &&
    trace.deliveries.length === 0 &&
    'response' in trace.result
  )
    lines.push(
      '  no verification message: no email address or phone number changed to a new value that the pool auto-verifies',
    );
  for (const [index, invocation] of trace.invocations.entries()) {
    const why = explanations[index];
    const verdict = invocation.error
      ? `${invocation.verdict}: ${invocation.error.name}`
      : invocation.verdict === 'unchanged'
        ? "unchanged: Cognito sends the pool's own message"
        : "accepted by Cognito's rules";
    lines.push(
      `  ${invocation.event.triggerSource} (${invocation.delivery.medium} to ${invocation.delivery.destination}) → ${handlerLabel}, ${invocation.durationMs} ms: ${verdict}${why ? ` (function: ${why})` : ''}`,
    );
    for (const finding of invocation.findings)
      lines.push(`    ${finding.severity} ${finding.rule} in ${finding.field}: ${finding.detail}`);
  }
  for (const sender of senders) {
    const made =
      sender.trigger === 'CustomSMSSender'
        ? `published ${sender.published.length} SMS`
        : `sent ${sender.sent.length} email${sender.sent.length === 1 ? '' : 's'} through SES`;
    const outcome =
      sender.outcome === 'returned'
        ? made
        : `${sender.outcome}${sender.error ? `: ${sender.error.name ? `${sender.error.name}: ` : ''}${sender.error.message}` : ''}`;
    lines.push(
      `  ${sender.event.triggerSource} (asynchronous; the code encrypted with ${sender.event.request.code === null ? 'nothing' : "the pool's KMS key"}) → ${sender.trigger === 'CustomSMSSender' ? 'Custom SMS sender' : 'Custom email sender'} ${sender.functionName}, ${sender.durationMs} ms: ${outcome}`,
    );
  }
  for (const delivery of trace.deliveries) {
    const origin =
      delivery.source === 'trigger'
        ? 'from the trigger'
        : delivery.source === 'sender' && delivery.medium === 'EMAIL'
          ? `sent through SES by the sender${delivery.ses ? `, from ${delivery.ses.from}` : ''}${delivery.ses?.replyTo.length ? `, reply to ${delivery.ses.replyTo.join(', ')}` : ''}${delivery.ses?.configurationSetName ? `, configuration set ${delivery.ses.configurationSetName}` : ''}`
          : delivery.source === 'sender'
            ? `published to SNS by the sender${delivery.sns?.senderId ? `, sender ID ${delivery.sns.senderId}` : ''}${delivery.sns?.originationNumber ? `, from ${delivery.sns.originationNumber}` : ''}${delivery.sns?.smsType ? `, ${delivery.sns.smsType}` : ''}`
            : "the pool's own message";
    if (delivery.medium === 'EMAIL') {
      lines.push(
        `  EMAIL to ${delivery.destination} (${origin})`,
        `    Subject: ${delivery.subject}`,
        indent(delivery.text),
      );
    } else {
      const sms = analyzeSms(delivery.text);
      const forced =
        sms.ucs2Characters.length > 0 ? `, UCS-2 because of ${sms.ucs2Characters.join(' ')}` : '';
      lines.push(
        `  SMS to ${delivery.destination} (${origin}; ${sms.encoding}, ${sms.characters} characters, ${sms.segments} segment${sms.segments === 1 ? '' : 's'}${forced})`,
        indent(delivery.text),
      );
    }
    for (const file of delivery.files ?? []) lines.push(`    outbox: ${relative(process.cwd(), file)}`);
  }
  for (const note of trace.notes) lines.push(`  note: ${note}`);
  return `${lines.join('\n')}\n`;
};

export { summarize };
