/**
 * `attune token`: signs in locally. Prints an ID token for a user of a tenant, signed with this
 * ATTUNE_HOME's key, that the local API (`npm start`) accepts as `Authorization: Bearer <token>`; in AWS
 * the same claims come from Cognito. It needs only the key file, not the running runtime, so it works
 * while `npm start` holds ATTUNE_HOME.
 */
import { issuePartnerToken, issueToken, localSecret, MAX_TOKEN_SECONDS, tokenKeyFile } from '../../local/stand-ins/auth.js';
import { attuneHome } from '../../local/runtime/home.js';
import { RoleSchema, type Role } from '../../schemas/api.js';
import { PARTNER_NAME, ScopeSchema, SCOPES, type Scope } from '../../schemas/scopes.js';
import { IdSchema } from '../../schemas/session-record.js';
import { UsageError } from './args.js';
import { EXIT_OK } from './failure.js';
import type { CliIo } from './io.js';

export const TOKEN_USAGE = `usage: attune token --tenant <id> --user <id> [--role clinician|supervisor|admin] [--expires 8h]
       attune token --tenant <id> --partner <name> --scopes <scope,scope…> [--expires 8h]

Prints a token for the local API (npm start) as the last line of stdout: an ID token signed with the
key in ATTUNE_HOME/keys/token.key (made on first use), with the claims Cognito gives in AWS. Send it
as a header:

  TOKEN=$(npx attune token --tenant local --user demo)
  curl -H "Authorization: Bearer $TOKEN" http://localhost:3000/clients/jordan/sessions

A partner's access token (scopes instead of roles, as docs/partners.md describes):

  TOKEN=$(npx attune token --tenant local --partner ehr-vendor --scopes notes.read)

Use the same ATTUNE_HOME as the server: a token signed with another home's key is refused.

options:
  --tenant <id>      the tenant the user belongs to (letters, digits, "-", "_")
  --user <id>        the user (the token's sub claim)
  --role <role>      clinician (default: their own clients), supervisor (scores and trends of the
                     tenant, no note text) or admin (everything in the tenant); repeat for several
  --partner <name>   instead of a user: a partner's access token, as the client-credentials grant
                     gives a partner's app client in AWS (docs/partners.md), bound to --tenant
  --scopes <list>    with --partner: what it may do, comma-separated, e.g. notes.read,sessions.write
                     (${SCOPES.join(', ')})
  --expires <time>   how long the token is valid: 30m, 8h (default), 7d; at most 30d
  -h, --help         show this help

exit codes: 0 printed, 2 bad usage, 1 internal error
`;

export interface TokenArgs {
  tenant: string;
  user: string;
  roles: Role[];
  /** Set for a partner's token (with scopes instead of a user and roles). */
  partner?: { name: string; scopes: Scope[] };
  expiresInSeconds: number;
  help: boolean;
}

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86400 } as const;
const DEFAULT_EXPIRY = '8h';

function validId(option: string, value: string): string {
  if (!IdSchema.safeParse(value).success) {
    throw new UsageError(`${option} must be an id of 1-64 letters, digits, "-" or "_", starting with a letter or digit`);
  }
  return value;
}

/** `30m`, `8h`, `7d` (or `90s`) as seconds. */
export function parseExpiry(value: string): number {
  const match = /^(\d{1,7})([smhd])$/.exec(value.trim());
  if (!match) throw new UsageError(`--expires '${value}': give a number and a unit, e.g. 30m, 8h or 7d`);
  const seconds = Number(match[1]) * UNIT_SECONDS[match[2] as keyof typeof UNIT_SECONDS];
  if (seconds < 1) throw new UsageError('--expires must be at least 1s');
  if (seconds > MAX_TOKEN_SECONDS) throw new UsageError(`--expires '${value}' is longer than the 30d a local token may live`);
  return seconds;
}

const VALUE_OPTIONS = new Set(['--tenant', '--user', '--role', '--expires', '--partner', '--scopes']);

function partnerScopes(lists: readonly string[]): Scope[] {
  const scopes = lists.flatMap((list) => list.split(',').map((s) => s.trim()));
  return [
    ...new Set(
      scopes.map((scope) => {
        const known = ScopeSchema.safeParse(scope);
        if (!known.success) throw new UsageError(`--scopes: '${scope.slice(0, 40)}' is not a scope; use ${SCOPES.join(', ')}`);
        return known.data;
      }),
    ),
  ];
}

export function parseTokenArgs(argv: readonly string[]): TokenArgs {
  const values = new Map<string, string[]>();
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-h' || arg === '--help') {
      help = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const [name, inline] = arg.startsWith('--') && eq > 2 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
    if (!VALUE_OPTIONS.has(name)) {
      throw new UsageError(
        arg.startsWith('-')
          ? `unknown option '${arg}' (see 'attune token --help')`
          : `attune token takes no arguments, only options: '${arg}' (see 'attune token --help')`,
      );
    }
    const value = inline ?? argv[i + 1];
    if (value === undefined || value === '' || (inline === undefined && value.startsWith('-')))
      throw new UsageError(`${name} needs a value (see 'attune token --help')`);
    if (inline === undefined) i++;
    values.set(name, [...(values.get(name) ?? []), value]);
  }
  const parsed: TokenArgs = { tenant: '', user: '', roles: ['clinician'], expiresInSeconds: 0, help };
  if (help) return parsed;
  const single = (name: string): string | undefined => {
    const given = values.get(name) ?? [];
    if (given.length > 1) throw new UsageError(`${name} is given ${given.length} times: give it once`);
    return given[0];
  };
  const tenant = single('--tenant');
  const user = single('--user');
  const partner = single('--partner');
  if (partner !== undefined) {
    if (user !== undefined || values.has('--role')) throw new UsageError('--partner is instead of --user and --role: a partner has scopes, not roles');
    if (tenant === undefined) throw new UsageError('--tenant is required: the tenant the partner is bound to, e.g. --tenant local');
    if (!PARTNER_NAME.test(partner)) throw new UsageError('--partner must be lowercase letters, digits and "-", starting with a letter, at most 48 characters');
    const lists = values.get('--scopes');
    if (!lists) throw new UsageError(`--scopes is required with --partner, e.g. --scopes notes.read,sessions.write (${SCOPES.join(', ')})`);
    parsed.tenant = validId('--tenant', tenant);
    parsed.user = partner;
    parsed.roles = [];
    parsed.partner = { name: partner, scopes: partnerScopes(lists) };
    parsed.expiresInSeconds = parseExpiry(single('--expires') ?? DEFAULT_EXPIRY);
    return parsed;
  }
  if (values.has('--scopes')) throw new UsageError('--scopes is for a partner token: give --partner <name> with it');
  if (tenant === undefined) throw new UsageError('--tenant is required: the tenant the user signs in to, e.g. --tenant local');
  if (user === undefined) throw new UsageError('--user is required: who signs in, e.g. --user demo');
  parsed.tenant = validId('--tenant', tenant);
  parsed.user = validId('--user', user);
  const roles = values.get('--role');
  if (roles) {
    parsed.roles = [
      ...new Set(
        roles.map((role) => {
          const known = RoleSchema.safeParse(role.toLowerCase());
          if (!known.success) throw new UsageError(`--role '${role}': use clinician, supervisor or admin`);
          return known.data;
        }),
      ),
    ];
  }
  parsed.expiresInSeconds = parseExpiry(single('--expires') ?? DEFAULT_EXPIRY);
  return parsed;
}

export async function runToken(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseTokenArgs(argv);
  if (args.help) {
    io.stdout.write(TOKEN_USAGE);
    return EXIT_OK;
  }
  const home = attuneHome(io.env);
  const key = localSecret(tokenKeyFile(home));
  const now = io.now();
  if (args.partner) {
    const { name, scopes } = args.partner;
    const token = issuePartnerToken({ partner: name, tenant: args.tenant, scopes, expiresInSeconds: args.expiresInSeconds }, key, now);
    const until = new Date((Math.floor(now.getTime() / 1000) + args.expiresInSeconds) * 1000).toISOString();
    io.stderr.write(
      `Access token for partner ${name} (${scopes.join(', ')}) in tenant ${args.tenant}, valid until ${until}; send it as Authorization: Bearer <token>\n`,
    );
    io.stdout.write(`${token}\n`);
    return EXIT_OK;
  }
  const token = issueToken({ tenant: args.tenant, user: args.user, roles: args.roles, expiresInSeconds: args.expiresInSeconds }, key, now);
  const until = new Date((Math.floor(now.getTime() / 1000) + args.expiresInSeconds) * 1000).toISOString();
  io.stderr.write(
    `Token for ${args.user} (${args.roles.join(', ')}) in tenant ${args.tenant}, valid until ${until}; send it as Authorization: Bearer <token>\n`,
  );
  io.stdout.write(`${token}\n`);
  return EXIT_OK;
}
