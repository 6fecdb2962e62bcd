/** @module cli/aws/names — botocore's `xform_name`: how aws names a command and its options after the model's names. */

const FIRST_CAP = /(.)([A-Z][a-z]+)/gu;
const END_CAP = /([a-z0-9])([A-Z])/gu;
// An acronym made plural at the end of a name: GatewayARNs, ListWebACLs, SomeCNAMEs.
const PLURAL_ACRONYM = /[A-Z]{2,}s$/u;

/**
 * A CamelCase name of the model in the CLI's words: words split before capitals, and lower-cased. A name that already
 * holds the separator is taken as it is.
 *
 * @example
 * ```ts
 * xformName('AdminGetUser'); // 'admin-get-user'
 * xformName('AllowedOAuthFlows'); // 'allowed-o-auth-flows'
 * ```
 */
const xformName = (name: string, separator = '-'): string => {
  if (name.includes(separator)) return name;
  const plural = PLURAL_ACRONYM.exec(name)?.[0];
  const base =
    plural === undefined ? name : `${name.slice(0, -plural.length)}${separator}${plural.toLowerCase()}`;
  return base.replace(FIRST_CAP, `$1${separator}$2`).replace(END_CAP, `$1${separator}$2`).toLowerCase();
};

export { xformName };
