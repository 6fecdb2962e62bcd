/**
 * @module preview/render — the preview's engine: every handler, on every event, in every brand and locale it declares,
 * run as the simulator runs it (each function in a process of its own with Lambda's environment, Custom message
 * answers judged as Cognito judges them, Custom SMS senders with a local KMS and SNS). Knows nothing of argv, files or
 * HTTP.
 */
import { basename } from 'node:path';
import { openHandler } from '../local/handler-process.js';
import type { LambdaHandler } from '../local/invoker.js';
import { localCredentialVariables } from '../local/listen.js';
import { startParameterEndpoint } from '../local/parameter-endpoint.js';
import { startSenderEnvironment } from '../local/sender-environment.js';
import { enumerateBrands } from './brands.js';
import { PREVIEW_KMS_SECRET, previewCiphertext } from './ciphertext.js';
import { track } from './custom-message-runner.js';
import {
  discoverHandlers,
  type HandlerCandidate,
  type HandlerModule,
  handlerCandidates,
} from './discover.js';
import { type PreviewEvent, sampleEvents } from './events.js';
import {
  type BrandEnumeration,
  HandlerKind,
  type PreviewHandler,
  type PreviewMessage,
  type PreviewRun,
} from './model.js';
import { Collected, type HandlerSetup, type Runs, runHandler, toPreviews } from './run-handler.js';

interface RenderOptions {
  /** The project: where handlers/ is, and what `--handler` paths are relative to. */
  readonly cwd: string;
  /** Handlers to preview, `FILE[:export]` (default: every module in `handlersDir` that exports `handler`). */
  readonly handlers?: readonly string[];
  /** Handlers to run as Custom SMS senders whatever they answer to a Custom message event. */
  readonly senders?: readonly string[];
  /** Where handlers are found when none is named (default: handlers). */
  readonly handlersDir?: string;
  /** The events to run (default: the kit's sample event for every trigger source). */
  readonly events?: readonly PreviewEvent[];
  /** The functions' environment: Lambda's variables and `--env-vars` (default: a us-west-2 function's). */
  readonly environment?: Readonly<Record<string, string>>;
  /** Parameter Store names and AppConfig profiles to serve the functions, as `--parameters` maps them. */
  readonly parameters?: Readonly<Record<string, unknown>>;
  /** The code filled in for `codeParameter`, and encrypted for senders (default: 123456). */
  readonly code?: string;
}

/** A run, and the files it was made from: what `--watch` watches. */
interface PreviewRender {
  readonly run: PreviewRun;
  readonly watched: readonly string[];
}

const DEFAULT_ENVIRONMENT = { AWS_REGION: 'us-west-2', AWS_DEFAULT_REGION: 'us-west-2' };
/** The key senders decrypt with when `--env-vars` sets no `KEY_ARN`: any ARN opens with the local KMS. */
const LOCAL_KEY_ARN = 'arn:aws:kms:us-west-2:123456789012:key/0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';
/**
 * Previews one candidate: its process starts at once, while esbuild reads the graphs; a candidate that turns out to
 * be no handler is dropped.
 */
const previewCandidate = async (
  candidate: HandlerCandidate,
  setup: HandlerSetup,
): Promise<{ handler: PreviewHandler; messages: PreviewMessage[] } | undefined> => {
  const output = new Collected();
  const environment = await startSenderEnvironment({ secret: PREVIEW_KMS_SECRET });
  const name = basename(candidate.file).replace(/\.[^.]+$/, '');
  const variables = {
    ...setup.environment,
    AWS_LAMBDA_FUNCTION_NAME: name,
    KEY_ARN: setup.keyArn,
    ...environment.variables,
  };
  let failure: string | undefined;
  const opening = openHandler(candidate.spec, { cwd: setup.cwd, environment: variables, output }).catch(
    (error: unknown) => {
      failure = (error as Error).message;
      return undefined;
    },
  );
  const module = (await setup.modules).get(candidate.label);
  if (module?.mayBeSender) setup.ciphertext().catch(() => undefined);
  const opened = await opening;
  const kind = candidate.sender ? HandlerKind.CustomSmsSender : HandlerKind.CustomMessage;
  const brands = module ? ((await setup.brands).get(module.label) ?? NO_BRANDS) : NO_BRANDS;
  let result: Runs | undefined;
  try {
    if (!module) return undefined;
    if (!opened) return { handler: failed(module, kind, brands, failure ?? 'cannot load'), messages: [] };
    const tracked = track(opened.handler);
    const ready = environment.setup(tracked.handler);
    result = await runHandler(module, tracked, output, setup, () => ready.published(), brands).catch(
      (error: unknown) => {
        failure = (error as Error).message;
        return undefined;
      },
    );
  } finally {
    await opened?.close();
    await environment.close();
  }
  if (!result) return { handler: failed(module, kind, brands, failure ?? 'did not run'), messages: [] };
  if (result.kind === HandlerKind.Other) {
    const note = `a ${result.trigger.replace(/^custom/, 'Custom')} function: the preview shows Custom message functions and Custom SMS senders`;
    return {
      handler: { handler: module.label, kind: result.kind, brands, unanswered: [], note },
      messages: [],
    };
  }
  const { messages, unanswered } = toPreviews(module, result, output);
  return { handler: { handler: module.label, kind: result.kind, brands, unanswered }, messages };
};

const NO_BRANDS: BrandEnumeration = { source: 'none', brands: [] };

const failed = (
  module: HandlerModule,
  kind: PreviewHandler['kind'],
  brands: BrandEnumeration,
  error: string,
): PreviewHandler => ({ handler: module.label, kind, brands, unanswered: [], error });

/** Ids made unique: a second `x` becomes `x-2`. */
const uniqueIds = (messages: readonly PreviewMessage[]): PreviewMessage[] => {
  const seen = new Map<string, number>();
  return messages.map((message) => {
    const count = (seen.get(message.id) ?? 0) + 1;
    seen.set(message.id, count);
    return count === 1 ? message : { ...message, id: `${message.id}-${count}` };
  });
};

/**
 * Renders every message of every handler. Handlers run side by side, each in its own process; a handler's events run
 * one after the other, as one Lambda execution environment runs them.
 *
 * @example
 * ```ts
 * const { run } = await renderPreview({ cwd: process.cwd() });
 * for (const message of run.messages) console.log(message.id, message.outcome, message.subject);
 * ```
 */
const renderPreview = async (options: RenderOptions): Promise<PreviewRender> => {
  const started = performance.now();
  const { cwd } = options;
  const { candidates, named } = handlerCandidates(cwd, {
    ...(options.handlers ? { handlers: options.handlers } : {}),
    ...(options.senders ? { senders: options.senders } : {}),
    ...(options.handlersDir ? { handlersDir: options.handlersDir } : {}),
  });
  let encrypter: ReturnType<typeof startSenderEnvironment> | undefined;
  const parameters = options.parameters
    ? await startParameterEndpoint(
        Object.fromEntries(
          Object.entries(options.parameters).map(([name, value]) => [
            name,
            { value: typeof value === 'string' ? value : JSON.stringify(value) },
          ]),
        ),
      )
    : undefined;
  try {
    const code = options.code ?? '123456';
    const environment: Record<string, string> = {
      ...DEFAULT_ENVIRONMENT,
      ...options.environment,
      ...(parameters
        ? {
            AWS_ENDPOINT_URL_SSM: parameters.url,
            AWS_ENDPOINT_URL_APPCONFIGDATA: parameters.url,
            ...localCredentialVariables(),
          }
        : {}),
    };
    const keyArn = environment.KEY_ARN ?? LOCAL_KEY_ARN;
    const discovered = discoverHandlers(cwd, candidates, named);
    let encrypted: Promise<string> | undefined;
    const setup: HandlerSetup = {
      cwd,
      environment,
      events: options.events ?? sampleEvents(),
      code,
      keyArn,
      modules: discovered.then((modules) => new Map(modules.map((module) => [module.label, module]))),
      brands: discovered.then((modules) =>
        enumerateBrands(modules, {
          cwd,
          environment: { ...environment, KEY_ARN: keyArn },
          parameters: options.parameters,
        }),
      ),
      ciphertext: () => {
        encrypted ??= previewCiphertext(code, keyArn, async () => {
          encrypter ??= startSenderEnvironment({ secret: PREVIEW_KMS_SECRET });
          const kms = await encrypter;
          return kms.setup((() => undefined) as unknown as LambdaHandler).encrypt(code, keyArn);
        });
        return encrypted;
      },
    };
    const previews = (
      await Promise.all(candidates.map((candidate) => previewCandidate(candidate, setup)))
    ).filter((preview) => preview !== undefined);
    return {
      run: {
        handlers: previews.map((preview) => preview.handler),
        messages: uniqueIds(previews.flatMap((preview) => preview.messages)),
        durationMs: Math.round(performance.now() - started),
      },
      watched: [...new Set((await discovered).flatMap((module) => module.files))],
    };
  } finally {
    await parameters?.close();
    await (await encrypter?.catch(() => undefined))?.close();
  }
};

export type { PreviewRender, RenderOptions };
export { renderPreview };
