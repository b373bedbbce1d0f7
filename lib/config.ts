/**
 * Deployment configuration, from `cdk.json` context (or `-c key=value`) or from construct props, validated
 * with zod at synth time. A bad value fails `cdk synth` with a message that names the key, what it must be
 * and what it was, before anything reaches CloudFormation.
 */
import type { Node } from 'constructs';
import { z } from 'zod';
import { NoteFormatSchema } from '../schemas/note.js';
import { NoteTemplateError, NoteTemplatesSchema, parseNoteTemplates } from '../schemas/note-template.js';
import { PARTNER_NAME, ScopeSchema, SCOPES } from '../schemas/scopes.js';
import { IdSchema } from '../schemas/session-record.js';
import { DEFAULT_IDLE_MINUTES, MAX_IDLE_MINUTES } from '../schemas/web-config.js';

export const TRANSCRIBE_MODES = ['standard', 'medical'] as const;
/** The note formats, from the schema (schemas/note.ts `NoteFormatSchema`). */
export const NOTE_FORMATS = NoteFormatSchema.options;

/** Bedrock model id (`anthropic.claude-…-v1:0`), cross-region inference profile id (`us.anthropic.…`) or model/profile ARN. */
const BEDROCK_MODEL_ID = /^[a-z0-9-]+\.[A-Za-z0-9][A-Za-z0-9.:_-]*$/;
const BEDROCK_MODEL_ARN =
  /^arn:aws[a-z-]*:bedrock:[a-z0-9-]+:(\d{12})?:(foundation-model|inference-profile|application-inference-profile|provisioned-model|custom-model-deployment)\/[A-Za-z0-9.:_/-]+$/;
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/(mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
const USER_POOL_ID = /^[a-z]{2}(-[a-z]+)+-\d_[A-Za-z0-9]+$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Context values arrive as JSON numbers from cdk.json and as strings from `-c`: accept both, strictly. */
const wholeNumber = (min: number, max: number) =>
  z
    .union([
      z.number(),
      z
        .string()
        .regex(/^\s*\d+\s*$/)
        .transform(Number),
    ])
    .pipe(z.number().int().min(min).max(max));

/** Context values arrive as JSON booleans from cdk.json and as strings from `-c`: accept both, strictly. */
const flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);

/** Two GiB: the largest upload Amazon Transcribe accepts. */
export const MAX_UPLOAD_BYTES_LIMIT = 2 * 1024 ** 3;

interface Field<S extends z.ZodType> {
  schema: S;
  /** Completes "must be …" in the error message. */
  expected: string;
  /** For a structured value: parses it and throws an error naming each problem, instead of "must be …". */
  parse?: (value: unknown, source: string) => z.infer<S>;
}

const field = <S extends z.ZodType>(schema: S, expected: string, parse?: Field<S>['parse']): Field<S> => ({ schema, expected, ...(parse ? { parse } : {}) });

/**
 * Lambda allows 4 KB of environment variables per function, and GenerateNote carries the templates in one:
 * a larger template would fail at deploy time, so synth refuses it.
 */
export const MAX_NOTE_TEMPLATES_BYTES = 3072;

function noteTemplates(value: unknown, source: string) {
  const templates = parseNoteTemplates(value, source);
  const bytes = Buffer.byteLength(JSON.stringify(templates), 'utf8');
  if (bytes > MAX_NOTE_TEMPLATES_BYTES) {
    throw new NoteTemplateError(source, [
      `is ${bytes} bytes as JSON; at most ${MAX_NOTE_TEMPLATES_BYTES} fit in the note function's environment: shorten the headings, labels or prompts`,
    ]);
  }
  return templates;
}

export { PARTNER_NAME };
/** The most partners one stack configures (one app client, API key and usage plan each). */
export const MAX_PARTNERS = 50;
/** A DNS host name of two labels or more. */
const HOST_NAME = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
/** CloudFront takes certificates from ACM in us-east-1 only. */
const US_EAST_1_CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]{36}$/;
/** A Cognito prefix domain: lowercase letters, digits and '-', not starting or ending with '-'. */
const DOMAIN_PREFIX = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Each partner's API Gateway throttling (requests per second, and at once) and quota, unless configured. */
export const PARTNER_DEFAULTS = {
  throttle: { rateLimit: 10, burstLimit: 20 },
  quota: { limit: 100_000, period: 'DAY' },
} as const;

export const PartnerSchema = z
  .object({
    name: z.string().regex(PARTNER_NAME, 'must be lowercase letters, digits and "-", starting with a letter, at most 48 characters'),
    /** The tenant this partner acts in: every token of its app client is bound to it. */
    tenant: IdSchema,
    scopes: z
      .array(ScopeSchema, `each scope must be one of ${SCOPES.join(', ')}`)
      .min(1, 'give at least one scope')
      .refine((scopes) => new Set(scopes).size === scopes.length, 'a scope is listed twice'),
    throttle: z
      .object({
        rateLimit: z.number().positive().max(10_000),
        burstLimit: z.number().int().min(1).max(5_000),
      })
      .strict()
      .default(PARTNER_DEFAULTS.throttle),
    quota: z
      .object({
        limit: z.number().int().min(1),
        period: z.enum(['DAY', 'WEEK', 'MONTH']),
      })
      .strict()
      .default(PARTNER_DEFAULTS.quota),
  })
  .strict();
export type Partner = z.infer<typeof PartnerSchema>;

export const PartnersSchema = z
  .array(PartnerSchema)
  .max(MAX_PARTNERS)
  .refine((partners) => new Set(partners.map((p) => p.name)).size === partners.length, 'two partners have the same name');

class FieldError extends Error {}

/** Partners from cdk.json (a list) or `-c attune:partners='[…]'` (its JSON text); each problem named with its place. */
function partners(value: unknown, source: string): Partner[] {
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      throw new FieldError(`${source} is not JSON: write a list such as [{"name":"ehr-vendor","tenant":"clinic-a","scopes":["notes.read"]}]`);
    }
  }
  const result = PartnersSchema.safeParse(parsed);
  if (result.success) return result.data;
  throw new FieldError(
    result.error.issues
      .map((issue) => `${source}${issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')} ${issue.message}`)
      .join('\n'),
  );
}

const FIELDS = {
  bedrockModelId: field(
    z.string().refine((v) => v === 'local' || BEDROCK_MODEL_ID.test(v) || BEDROCK_MODEL_ARN.test(v)),
    "'local' or an Amazon Bedrock model id, inference profile id or ARN (e.g. 'anthropic.claude-3-5-haiku-20241022-v1:0')",
  ),
  transcribeMode: field(z.enum(TRANSCRIBE_MODES), `one of ${TRANSCRIBE_MODES.map((m) => `'${m}'`).join(', ')}`),
  retentionDays: field(wholeNumber(1, 3650), 'a whole number of days from 1 to 3650'),
  maxUploadBytes: field(
    wholeNumber(1, MAX_UPLOAD_BYTES_LIMIT),
    `a whole number of bytes from 1 to ${MAX_UPLOAD_BYTES_LIMIT} (2 GiB, the Amazon Transcribe limit)`,
  ),
  noteFormat: field(NoteFormatSchema, `one of ${NOTE_FORMATS.map((m) => `'${m}'`).join(', ')}`),
  therapistChannel: field(z.enum(['left', 'right']), "'left' or 'right': the channel the therapist is recorded on in stereo recordings"),
  // Each wait is 30 s and costs ~13 history events; 240 minutes stays far below the 25,000-event limit.
  maxTranscriptionWaitMinutes: field(wholeNumber(1, 240), 'a whole number of minutes from 1 to 240'),
  existingKmsKeyArn: field(
    z.string().regex(KMS_KEY_ARN),
    "a KMS key ARN such as 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'",
  ),
  existingUserPoolId: field(z.string().regex(USER_POOL_ID), "a Cognito user pool id such as 'us-east-1_AbCdEf123'"),
  alarmEmail: field(z.string().regex(EMAIL), 'an email address'),
  // An object in cdk.json, or its JSON text from `-c attune:noteTemplates='{…}'`.
  noteTemplates: field(NoteTemplatesSchema, 'note templates as docs/templates.md describes', noteTemplates),
  // A list in cdk.json, or its JSON text from `-c attune:partners='[…]'` (docs/partners.md).
  partners: field(PartnersSchema, 'a list of partners as docs/partners.md describes', partners),
  partnerDomainPrefix: field(
    z
      .string()
      .regex(DOMAIN_PREFIX)
      .refine((v) => !/aws|amazon|cognito/.test(v)),
    "a Cognito domain prefix: lowercase letters, digits and '-', at most 63, without 'aws', 'amazon' or 'cognito' (e.g. 'clinic-a-attune')",
  ),
  // The clinician web app (docs/web.md): an S3 bucket behind CloudFront, signed in through the pool's domain.
  webSite: field(flag, 'true or false: deploy the clinician web app (docs/web.md)'),
  webIdleMinutes: field(
    wholeNumber(1, MAX_IDLE_MINUTES),
    `a whole number of minutes from 1 to ${MAX_IDLE_MINUTES} (the web app signs out after that long without use)`,
  ),
  webDomainPrefix: field(
    z
      .string()
      .regex(DOMAIN_PREFIX)
      .refine((v) => !/aws|amazon|cognito/.test(v)),
    "a Cognito domain prefix for the web app's sign-in page: lowercase letters, digits and '-', at most 63, without 'aws', 'amazon' or 'cognito' (e.g. 'clinic-a-attune')",
  ),
  webDomainName: field(
    z.string().regex(HOST_NAME),
    "the web app's own host name, with attune:webCertificateArn (e.g. 'attune.clinic.example'; point its DNS at the distribution)",
  ),
  webCertificateArn: field(
    z.string().regex(US_EAST_1_CERTIFICATE_ARN),
    "an ACM certificate ARN in us-east-1 (CloudFront's Region) for attune:webDomainName, e.g. 'arn:aws:acm:us-east-1:111122223333:certificate/1234abcd-12ab-34cd-56ef-1234567890ab'",
  ),
  // Where the built web app is, when not the package's dist/web (relative to the working directory).
  webDistDir: field(z.string().min(1), "a directory holding the built web app (index.html and assets/), e.g. 'dist/web'"),
} as const;

type Fields = typeof FIELDS;
type FieldName = keyof Fields;

export const CONFIG_DEFAULTS = {
  bedrockModelId: 'local',
  transcribeMode: 'standard',
  retentionDays: 365,
  maxUploadBytes: MAX_UPLOAD_BYTES_LIMIT,
  noteFormat: 'soap',
  therapistChannel: 'left',
  maxTranscriptionWaitMinutes: 120,
  webSite: true,
  webIdleMinutes: DEFAULT_IDLE_MINUTES,
} as const satisfies Partial<Record<FieldName, unknown>>;

/** The zod schema of a complete configuration: what the constructs receive. */
export const AttuneConfigSchema = z.object({
  bedrockModelId: FIELDS.bedrockModelId.schema,
  transcribeMode: FIELDS.transcribeMode.schema,
  retentionDays: FIELDS.retentionDays.schema,
  maxUploadBytes: FIELDS.maxUploadBytes.schema,
  noteFormat: FIELDS.noteFormat.schema,
  therapistChannel: FIELDS.therapistChannel.schema,
  maxTranscriptionWaitMinutes: FIELDS.maxTranscriptionWaitMinutes.schema,
  existingKmsKeyArn: FIELDS.existingKmsKeyArn.schema.optional(),
  existingUserPoolId: FIELDS.existingUserPoolId.schema.optional(),
  alarmEmail: FIELDS.alarmEmail.schema.optional(),
  noteTemplates: FIELDS.noteTemplates.schema.optional(),
  partners: FIELDS.partners.schema.optional(),
  partnerDomainPrefix: FIELDS.partnerDomainPrefix.schema.optional(),
  webSite: FIELDS.webSite.schema,
  webIdleMinutes: FIELDS.webIdleMinutes.schema,
  webDomainPrefix: FIELDS.webDomainPrefix.schema.optional(),
  webDomainName: FIELDS.webDomainName.schema.optional(),
  webCertificateArn: FIELDS.webCertificateArn.schema.optional(),
  webDistDir: FIELDS.webDistDir.schema.optional(),
});
export type AttuneConfig = z.infer<typeof AttuneConfigSchema>;

/** The context key of each setting in `cdk.json` (`"context": { "attune:retentionDays": 365 }`). */
export const CONTEXT_KEYS: Record<FieldName, string> = Object.fromEntries(Object.keys(FIELDS).map((name) => [name, `attune:${name}`])) as Record<
  FieldName,
  string
>;

export class AttuneConfigError extends Error {
  override readonly name = 'AttuneConfigError';
}

function describe(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return `'${String(text).slice(0, 120)}'`;
}

/**
 * Validates raw settings (each `unknown`, as they come from context or props) and fills in defaults.
 * `label(name)` says where a value came from, e.g. "cdk.json context 'attune:retentionDays'".
 * @throws AttuneConfigError naming every bad key
 */
export function parseConfig(raw: Partial<Record<FieldName, unknown>>, label: (name: FieldName) => string): AttuneConfig {
  const problems: string[] = [];
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(FIELDS) as FieldName[]) {
    const value = raw[name];
    // An empty string is how `-c attune:existingKmsKeyArn=` says "not set".
    if (value === undefined || value === null || value === '') {
      if (name in CONFIG_DEFAULTS) out[name] = CONFIG_DEFAULTS[name as keyof typeof CONFIG_DEFAULTS];
      continue;
    }
    const { parse } = FIELDS[name] as Field<z.ZodType>;
    if (parse) {
      try {
        out[name] = parse(value, label(name));
      } catch (error) {
        if (!(error instanceof NoteTemplateError || error instanceof FieldError)) throw error;
        problems.push(error.message);
      }
      continue;
    }
    const result = FIELDS[name].schema.safeParse(value);
    if (result.success) out[name] = result.data;
    else problems.push(`${label(name)} must be ${FIELDS[name].expected} (got ${describe(value)})`);
  }
  // The templates' default names the format to write when noteFormat is not set; set both, they must agree.
  const templatesDefault = (out.noteTemplates as { default?: string } | undefined)?.default;
  if (templatesDefault !== undefined && problems.length === 0) {
    const formatGiven = raw.noteFormat !== undefined && raw.noteFormat !== null && raw.noteFormat !== '';
    if (!formatGiven) out.noteFormat = templatesDefault;
    else if (out.noteFormat !== templatesDefault) {
      problems.push(
        `${label('noteTemplates')} names '${templatesDefault}' as its default format, but ${label('noteFormat')} is '${String(out.noteFormat)}': ` +
          `set them to the same format, or remove one (the note function writes one format)`,
      );
    }
  }
  if ((out.webDomainName === undefined) !== (out.webCertificateArn === undefined) && problems.length === 0) {
    problems.push(`${label('webDomainName')} and ${label('webCertificateArn')} go together: set both (the site's name and its certificate), or neither`);
  }
  if (problems.length > 0) throw new AttuneConfigError(problems.join('\n'));
  return AttuneConfigSchema.parse(out);
}

/** Reads and validates the `attune:*` context keys of a construct tree (cdk.json, `-c`, or `new App({ context })`). */
export function configFromContext(node: Node): AttuneConfig {
  const raw: Partial<Record<FieldName, unknown>> = {};
  for (const name of Object.keys(FIELDS) as FieldName[]) raw[name] = node.tryGetContext(CONTEXT_KEYS[name]);
  return parseConfig(raw, (name) => `cdk.json context '${CONTEXT_KEYS[name]}'`);
}

/** Validates configuration given as construct props. */
export function configFromProps(props: Partial<Record<FieldName, unknown>>, construct = 'AttunePipeline'): AttuneConfig {
  return parseConfig(props, (name) => `${construct} prop '${name}'`);
}
