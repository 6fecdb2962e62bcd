/**
 * @module brand/providers — Powertools Parameters providers for Parameter Store and AppConfig whose SDK client is
 * imported on the first fetch. Powertools' own providers import their client statically, and a bundle hoists such an
 * import to its top, loading the SDK client at every cold start; these keep Powertools' transforms (BaseProvider),
 * are fetched with {@link UNCACHED}, and load nothing until a value is needed.
 */
import { BaseProvider } from '@aws-lambda-powertools/parameters/base';
import type { AppConfigDataClient } from '@aws-sdk/client-appconfigdata';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { importOptional } from '../aws/optional-package.js';

/**
 * The options every fetch through these providers passes: Powertools' cache off. The brand source above them
 * (`remoteBrands`) keeps the only cache, because only it can cache a failed attempt, keep the last good configuration
 * past its period and answer within a deadline. Two caches of the same period, the provider's started a little later,
 * made every other refresh of the source get the provider's stale value back.
 */
const UNCACHED = { maxAge: 0, forceFetch: true } as const;

/** The part of Powertools' options these providers read: whether to decrypt SecureString values. */
type SdkOptions = { readonly sdkOptions?: { readonly WithDecryption?: boolean } };

/** One page of GetParametersByPath. */
interface ParameterPage {
  readonly Parameters?: readonly { readonly Name?: string; readonly Value?: string }[];
  readonly NextToken?: string;
}

/** The two Parameter Store calls brand configuration needs, however they are sent. */
interface ParameterStoreCalls {
  getParameter(name: string, decrypt: boolean): Promise<string | undefined>;
  getParametersByPath(path: string, decrypt: boolean, nextToken: string | undefined): Promise<ParameterPage>;
}

/**
 * The calls through an SDK client, made or given on first use, with its command classes imported then. The package is
 * imported before `client` is called, so that when it is missing the error says what to install.
 */
const sdkParameterStore = (client: () => Promise<SSMClient>): ParameterStoreCalls => {
  let made: Promise<[SSMClient, typeof import('@aws-sdk/client-ssm')]> | undefined;
  const ssm = () => {
    made ??= importOptional(() => import('@aws-sdk/client-ssm'), '@aws-sdk/client-ssm', {
      by: 'Brand configuration from Parameter Store',
      to: 'call SSM',
    }).then(async (sdk) => [await client(), sdk]);
    return made;
  };
  return {
    async getParameter(name, decrypt) {
      const [client, { GetParameterCommand }] = await ssm();
      const { Parameter } = await client.send(
        new GetParameterCommand({ Name: name, WithDecryption: decrypt }),
      );
      return Parameter?.Value;
    },
    async getParametersByPath(path, decrypt, nextToken) {
      const [client, { GetParametersByPathCommand }] = await ssm();
      return client.send(
        new GetParametersByPathCommand({ Path: path, WithDecryption: decrypt, NextToken: nextToken }),
      );
    },
  };
};

/** Parameter Store through GetParameter and GetParametersByPath, with Powertools' transforms. */
class LazySsmProvider extends BaseProvider {
  readonly #calls: ParameterStoreCalls;

  constructor(calls: ParameterStoreCalls) {
    super({});
    this.#calls = calls;
  }

  protected _get(name: string, options?: SdkOptions): Promise<string | undefined> {
    return this.#calls.getParameter(name, options?.sdkOptions?.WithDecryption ?? true);
  }

  /** Values by name relative to the path (`/brands/acme` under `/brands` is `acme`), every page. */
  protected async _getMultiple(path: string, options?: SdkOptions): Promise<Record<string, string>> {
    const prefix = path.endsWith('/') ? path : `${path}/`;
    const values: Record<string, string> = {};
    let nextToken: string | undefined;
    do {
      const page = await this.#calls.getParametersByPath(
        path,
        options?.sdkOptions?.WithDecryption ?? true,
        nextToken,
      );
      for (const { Name, Value } of page.Parameters ?? [])
        if (Name !== undefined && Value !== undefined)
          values[Name.startsWith(prefix) ? Name.slice(prefix.length) : Name] = Value;
      nextToken = page.NextToken;
    } while (nextToken);
    return values;
  }
}

/** AppConfig through a configuration session, keeping the last configuration when AppConfig says nothing changed. */
class LazyAppConfigProvider extends BaseProvider {
  readonly #client: () => Promise<AppConfigDataClient>;
  readonly #application: string;
  readonly #environment: string;
  #made: Promise<AppConfigDataClient> | undefined;
  readonly #tokens = new Map<string, string>();
  readonly #latest = new Map<string, Uint8Array>();

  constructor(client: () => Promise<AppConfigDataClient>, application: string, environment: string) {
    super({});
    this.#client = client;
    this.#application = application;
    this.#environment = environment;
  }

  protected async _get(profile: string): Promise<Uint8Array | undefined> {
    // Imported before the client is made, so that when the package is missing the error says what to install.
    const { GetLatestConfigurationCommand, StartConfigurationSessionCommand } = await importOptional(
      () => import('@aws-sdk/client-appconfigdata'),
      '@aws-sdk/client-appconfigdata',
      { by: 'Brand configuration from AppConfig', to: 'call AppConfig' },
    );
    this.#made ??= this.#client();
    const client = await this.#made;
    let token = this.#tokens.get(profile);
    if (token === undefined) {
      const session = await client.send(
        new StartConfigurationSessionCommand({
          ApplicationIdentifier: this.#application,
          EnvironmentIdentifier: this.#environment,
          ConfigurationProfileIdentifier: profile,
        }),
      );
      token = session.InitialConfigurationToken;
    }
    const latest = await client.send(new GetLatestConfigurationCommand({ ConfigurationToken: token }));
    if (latest.NextPollConfigurationToken) this.#tokens.set(profile, latest.NextPollConfigurationToken);
    else this.#tokens.delete(profile);
    // An empty configuration means "unchanged since the last poll".
    if (latest.Configuration && latest.Configuration.length > 0)
      this.#latest.set(profile, latest.Configuration);
    return this.#latest.get(profile);
  }

  protected async _getMultiple(): Promise<Record<string, unknown>> {
    throw new Error('AppConfig has no multiple-value retrieval');
  }
}

export type { ParameterPage, ParameterStoreCalls };
export { LazyAppConfigProvider, LazySsmProvider, sdkParameterStore, UNCACHED };
