/**
 * @module local/outbox — a delivered message as files in the state's outbox: named by time, label and destination
 * (a long destination shortened in the name, with a hash of the whole, never in the file), an email as `.html` and a
 * `.txt` with its headers and plain text, an SMS as `.txt`; each file created new, never over another's.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIR_MODE, FILE_MODE } from './state-files.js';

/** Outbox file names stay well under the 255 bytes file systems allow, whatever the destination. */
const MAX_DESTINATION_IN_NAME = 64;

/** A message as the outbox files it: what was delivered, and how a custom sender sent it. */
type OutboxMessage = {
  readonly medium: 'EMAIL' | 'SMS';
  readonly destination?: string;
  readonly subject?: string | null;
  readonly html?: string;
  readonly text: string;
  /** For an email a Custom email sender sent: what SES was asked to send it with. */
  readonly ses?: {
    readonly from: string;
    readonly replyTo: readonly string[];
    readonly configurationSetName?: string | undefined;
    readonly tags: Readonly<Record<string, string>>;
  };
  /** For an SMS a Custom SMS sender published: what SNS was asked to send it with. */
  readonly sns?: {
    readonly senderId?: string | undefined;
    readonly originationNumber?: string | undefined;
    readonly smsType?: string | undefined;
    readonly maxPrice?: number | undefined;
    readonly encoding: string;
    readonly segments: number;
  };
};

/** A destination as a file name part: itself when short and plain, else a readable start and a hash of the whole. */
const destinationInName = (destination: string): string => {
  const plain = destination.replace(/[^\w@.+-]/g, '_');
  if (plain.length <= MAX_DESTINATION_IN_NAME && plain === destination) return plain;
  const hash = createHash('sha256').update(destination).digest('hex').slice(0, 12);
  return `${plain.slice(0, MAX_DESTINATION_IN_NAME - 13)}~${hash}`;
};

/** A message's file name, without extension: the time it is filed, its label, its medium and its destination. */
const outboxName = (label: string, message: OutboxMessage): string => {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const to = message.destination === undefined ? '' : `-${destinationInName(message.destination)}`;
  return `${stamp}-${label}-${message.medium.toLowerCase()}${to}`;
};

/** The extensions of a message's files: an email has its HTML and a text file, an SMS its text. */
const outboxExtensions = (message: OutboxMessage): readonly string[] =>
  message.medium === 'EMAIL' ? ['html', 'txt'] : ['txt'];

/** A message's files' contents, by extension: the text file starts with the headers it was sent with. */
const outboxFiles = (message: OutboxMessage): Readonly<Record<string, string>> => {
  const { ses } = message;
  const tags = Object.entries(ses?.tags ?? {});
  const headers = [
    ...(ses ? [`From: ${ses.from}`] : []),
    ...(message.destination === undefined ? [] : [`To: ${message.destination}`]),
    ...(ses && ses.replyTo.length > 0 ? [`Reply-To: ${ses.replyTo.join(', ')}`] : []),
    ...(message.medium === 'EMAIL' ? [`Subject: ${message.subject ?? ''}`] : []),
    ...(ses?.configurationSetName ? [`Configuration-Set: ${ses.configurationSetName}`] : []),
    ...(tags.length > 0 ? [`Tags: ${tags.map(([name, value]) => `${name}=${value}`).join(', ')}`] : []),
    ...(message.sns
      ? [
          ...(message.sns.senderId ? [`Sender-ID: ${message.sns.senderId}`] : []),
          ...(message.sns.originationNumber ? [`Origination-Number: ${message.sns.originationNumber}`] : []),
          ...(message.sns.smsType ? [`SMS-Type: ${message.sns.smsType}`] : []),
          ...(message.sns.maxPrice === undefined ? [] : [`Max-Price: ${message.sns.maxPrice}`]),
          `Encoding: ${message.sns.encoding}, ${message.sns.segments} segment${message.sns.segments === 1 ? '' : 's'}`,
        ]
      : []),
  ];
  const txt = `${headers.length > 0 ? `${headers.join('\n')}\n\n` : ''}${message.text}\n`;
  return message.medium === 'EMAIL' ? { html: message.html ?? '', txt } : { txt };
};

/** Removes files written for a message, whether or not they exist. */
const removeFiles = (paths: readonly string[]): void => {
  for (const path of paths) rmSync(path, { force: true });
};

/**
 * Writes a message's files into `dir`, each created new ('wx'): no rename is needed, and two messages that share a
 * millisecond and a destination (two processes, one state) get a suffix instead of one overwriting the other.
 * Returns the paths; what it wrote before a failure is removed.
 */
const writeOutboxFiles = (
  dir: string,
  baseName: string,
  files: Readonly<Record<string, string>>,
): string[] => {
  const written: string[] = [];
  try {
    mkdirSync(dir, { recursive: true, mode: DIR_MODE });
    for (let attempt = 0; ; attempt++) {
      const base = attempt === 0 ? baseName : `${baseName}~${attempt}`;
      const paths = Object.keys(files).map((extension) => join(dir, `${base}.${extension}`));
      try {
        for (const [index, text] of Object.values(files).entries()) {
          writeFileSync(paths[index] as string, text, { mode: FILE_MODE, flag: 'wx' });
          written.push(paths[index] as string);
        }
        return written;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 100) throw error;
        removeFiles(written);
        written.length = 0;
      }
    }
  } catch (error) {
    removeFiles(written);
    throw error;
  }
};

export type { OutboxMessage };
export { outboxExtensions, outboxFiles, outboxName, removeFiles, writeOutboxFiles };
