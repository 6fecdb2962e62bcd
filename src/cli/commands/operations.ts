/**
 * @module cli/commands/operations — the service commands: one for each operation of the model that the engine
 * serves, named as aws names it (`AdminGetUser` → `admin-get-user`), with what its `--help` says.
 */
import { operationNamed } from '../../local/operations/index.js';
import type { OptionSpec } from '../aws/args.js';
import { argumentTable, type MemberArgument } from '../aws/arguments.js';
import { MODELED_OPERATIONS, type ShapeDefinition, shapeNamed } from '../aws/model.js';
import { xformName } from '../aws/names.js';
import { PAGING_OPTIONS } from '../aws/paginate.js';
import { AWS_CLI_OPTIONS, GLOBAL_OPTIONS, IGNORED_OPTIONS, KIT_OPTIONS } from '../options.js';
import type { CommandUsage } from '../usage.js';

/** A command of the aws CLI's cognito-idp that runs an operation of the engine. */
interface ServiceCommand {
  /** `admin-get-user`. */
  readonly name: string;
  /** `AdminGetUser`. */
  readonly operation: string;
  /** What the command does against the local pools, in one line. */
  readonly summary: string;
}

/** What each operation does against the local pools, for `--help` and the overview. */
const SUMMARIES: Readonly<Record<string, string>> = {
  AdminConfirmSignUp: 'Confirms a user’s registration as an administrator, without the confirmation code.',
  AdminCreateUser:
    'Creates a user as an administrator and sends the invitation, with its temporary password, through the Custom message trigger.',
  AdminDeleteUser: 'Deletes a user as an administrator.',
  AdminDeleteUserAttributes: 'Deletes attributes of a user as an administrator.',
  AdminGetUser: 'Prints a user’s attributes and status as the local pool holds them.',
  AdminInitiateAuth:
    'Signs a user in with their password (ADMIN_USER_PASSWORD_AUTH) and prints the tokens; the access token is what update-user-attributes takes.',
  AdminResetUserPassword:
    'Resets a user’s password as an administrator and sends a code through the Custom message trigger.',
  AdminSetUserPassword: 'Sets a user’s password as an administrator, permanent or temporary.',
  AdminUpdateUserAttributes:
    'Updates a user’s attributes as an administrator. A new email address or phone number is sent a verification code through the Custom message trigger; the summary on stderr shows the invocation, its verdict and the message.',
  ChangePassword: 'Changes the signed-in user’s password, with their access token.',
  ConfirmForgotPassword: 'Sets a new password with the code forgot-password sent.',
  ConfirmSignUp: 'Confirms a user’s registration with the code sign-up sent.',
  CreateUserPool: 'Creates a user pool in the local state.',
  CreateUserPoolClient: 'Creates an app client of a local user pool.',
  DeleteUserAttributes: 'Deletes attributes of the signed-in user, with their access token.',
  DeleteUserPool: 'Deletes a local user pool.',
  DeleteUserPoolClient: 'Deletes an app client of a local user pool.',
  DescribeUserPool: 'Prints a user pool’s configuration as the local state holds it.',
  DescribeUserPoolClient: 'Prints an app client’s configuration.',
  ForgotPassword: 'Sends a password-reset code through the Custom message trigger.',
  GetUser: 'Prints the signed-in user’s attributes, with their access token.',
  GetUserAttributeVerificationCode:
    'Sends a new verification code for an email address or phone number through the Custom message trigger.',
  GlobalSignOut: 'Signs the user out everywhere: their refresh tokens stop working.',
  InitiateAuth: 'Signs a user in through an app client and prints the tokens.',
  ListUserPoolClients: 'Lists the app clients of a user pool.',
  ListUserPools: 'Lists the local user pools.',
  ListUsers: 'Lists the users of a pool, all or those a filter such as email = "…" selects.',
  RespondToAuthChallenge:
    'Answers a sign-in challenge, such as NEW_PASSWORD_REQUIRED, and prints the tokens.',
  ResendConfirmationCode: 'Sends the sign-up confirmation code again through the Custom message trigger.',
  SignUp:
    'Registers a user through an app client and sends the confirmation code through the Custom message trigger.',
  UpdateUserAttributes:
    'Updates the signed-in user’s attributes with their access token (from admin-initiate-auth). A new email address or phone number is sent a verification code through the Custom message trigger.',
  UpdateUserPool: 'Changes a user pool’s configuration.',
  UpdateUserPoolClient: 'Changes an app client’s configuration.',
  VerifyUserAttribute: 'Verifies an email address or phone number with the code that was sent to it.',
};

/**
 * Every service command, by name: the operations of the model that the engine serves now, so that an operation
 * registered with the engine has its command at once.
 *
 * @example
 * ```ts
 * SERVICE_COMMANDS.get('admin-get-user')?.operation; // 'AdminGetUser'
 * ```
 */
const SERVICE_COMMANDS: ReadonlyMap<string, ServiceCommand> = new Map(
  MODELED_OPERATIONS.filter((operation) => operationNamed(operation) !== undefined).map((operation) => {
    const name = xformName(operation);
    return [name, { name, operation, summary: SUMMARIES[operation] ?? `Runs ${operation}.` }] as const;
  }),
);

/** What the members most commands share are, in the kit's words. */
const MEMBER_HELP: Readonly<Record<string, string>> = {
  UserPoolId: 'the user pool, e.g. the demo pool us-west-2_aaaaaaaaa',
  Username: 'the user: their username, or an alias such as their email address',
  UserAttributes:
    'the attributes to set: Name=email,Value=diego@example.com Name=..,Value=.. (or JSON, or file://PATH)',
  ClientMetadata: 'key=value,.. pairs the triggers receive as request.clientMetadata',
  AccessToken: 'the user’s access token, as admin-initiate-auth returns it',
  ClientId: 'the app client, one of the pool’s UserPoolClients',
  AuthFlow: 'ADMIN_USER_PASSWORD_AUTH (or ADMIN_NO_SRP_AUTH)',
  AuthParameters: 'USERNAME=..,PASSWORD=..',
  Password: 'the password, as the pool’s PasswordPolicy wants it',
  ConfirmationCode: 'the code the message carried (the kit’s --code fixes what it is)',
  Code: 'the code the message carried',
  AttributeName: 'email or phone_number',
  SecretHash: 'HMAC-SHA256 of username + client id with the client secret, for a client that has one',
  Session: 'the Session the challenge came with',
};

const MAX_SHORTHAND_DEPTH = 3;

// awscli's ParamShorthandDocGen: the shorthand a structure, map or list of them takes; undefined when too deep.
const shorthandOf = (shape: ShapeDefinition, stack: string[]): string | undefined => {
  if (stack.length > MAX_SHORTHAND_DEPTH) return undefined;
  switch (shape.type) {
    case 'structure': {
      const parts: string[] = [];
      for (const [member, target] of Object.entries(shape.members)) {
        if (stack.includes(target)) {
          parts.push(`${member}=( ... recursive ... )`);
          continue;
        }
        stack.push(target);
        const inner = shorthandOf(shapeNamed(target), stack);
        stack.pop();
        if (inner === undefined) return undefined;
        parts.push(`${member}=${inner}`);
      }
      return stack.length === 0 ? parts.join(',') : `{${parts.join(',')}}`;
    }
    case 'list': {
      stack.push(shape.member);
      const member = shapeNamed(shape.member);
      const inner = shorthandOf(member, stack);
      stack.pop();
      if (inner === undefined) return undefined;
      return ['structure', 'list', 'map'].includes(member.type) || stack.length > 0
        ? `[${inner},${inner}]`
        : `${inner},${inner}`;
    }
    case 'map': {
      const value = shorthandOf(shapeNamed(shape.value), stack);
      if (value === undefined) return undefined;
      const pairs = `KeyName1=${value},KeyName2=${value}`;
      return stack.length > 0 ? `{${pairs}}` : pairs;
    }
    default:
      return shape.type;
  }
};

/** What a member takes, from its shape, for `--help`. */
const describeMember = (member: MemberArgument): string => {
  const known = MEMBER_HELP[member.member];
  if (known !== undefined) return known;
  const shape = shapeNamed(member.shape);
  switch (shape.type) {
    case 'string':
      return shape.enum ? `one of ${shape.enum.join(', ')}` : 'a string';
    case 'integer':
    case 'long':
      return 'an integer';
    case 'boolean':
      return `a flag: ${member.flag} sends true, --no-${member.flag.slice(2)} false`;
    case 'list': {
      const item = shapeNamed(shape.member);
      if (!['structure', 'list', 'map'].includes(item.type)) {
        const values = item.type === 'string' && item.enum ? ` (${item.enum.join(', ')})` : '';
        return `one or more ${item.type === 'string' ? 'strings' : `${item.type}s`}${values}, or a JSON list`;
      }
      const syntax = shorthandOf(item, []);
      return syntax === undefined
        ? 'a JSON list (or file://PATH)'
        : `${syntax} ... (or JSON, or file://PATH)`;
    }
    default: {
      const syntax = shorthandOf(shape, []);
      return syntax === undefined ? 'JSON (or file://PATH)' : `${syntax} (or JSON, or file://PATH)`;
    }
  }
};

/** The request's members as options: what the command line takes and what its `--help` lists. */
const memberOptions = (command: ServiceCommand): OptionSpec[] =>
  argumentTable(command.operation).members.map((member) => ({
    flag: member.type === 'boolean' ? `${member.flag} | --no-${member.flag.slice(2)}` : member.flag,
    arity: member.type === 'boolean' ? 'none' : member.type === 'list' ? 'many' : 'one',
    ...(member.type === 'boolean' ? {} : { value: '<value>' }),
    help: describeMember(member),
    ...(member.required ? { required: true } : {}),
  }));

const PAGING_HELP: Readonly<Record<string, OptionSpec>> = {
  '--starting-token': {
    flag: '--starting-token',
    arity: 'one',
    value: 'TOKEN',
    help: 'where to start: the NextToken of a list cut short by --max-items',
  },
  '--page-size': { flag: '--page-size', arity: 'one', value: 'N', help: 'how many items each call asks for' },
  '--max-items': {
    flag: '--max-items',
    arity: 'one',
    value: 'N',
    help: 'how many items to print at most; a NextToken then says where to go on',
  },
};

/**
 * What `<command> --help` prints: the command's parameters, from the model, the aws CLI's options it honours and the
 * kit's.
 *
 * @example
 * ```ts
 * formatUsage(serviceUsage(SERVICE_COMMANDS.get('get-user')!));
 * ```
 */
const serviceUsage = (command: ServiceCommand): CommandUsage => {
  const members = memberOptions(command);
  const taken = new Set(members.flatMap((spec) => spec.flag.split(' | ')));
  const paging = argumentTable(command.operation).paginator
    ? PAGING_OPTIONS.map(({ flag }) => PAGING_HELP[flag] as OptionSpec)
    : [];
  return {
    command: command.name,
    summary: `${command.summary} Takes what \`aws cognito-idp ${command.name}\` takes.`,
    options: [
      { title: 'Parameters', specs: members },
      {
        title: 'aws CLI options',
        specs: [...GLOBAL_OPTIONS.filter((spec) => AWS_CLI_OPTIONS.includes(spec.flag)), ...paging],
      },
      { title: 'Kit options', specs: KIT_OPTIONS.filter((spec) => !taken.has(spec.flag)) },
    ],
    notes: [IGNORED_OPTIONS],
  };
};

export type { ServiceCommand };
export { SERVICE_COMMANDS, serviceUsage };
