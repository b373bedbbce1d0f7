/**
 * Test helpers for the CDK constructs: one synthesized stack per test file, with the context cdk.json
 * gives the real app, asset bundling skipped (bundling.test.ts bundles for real), and the state machine
 * definition resolved to plain JSON.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AttuneStack, type AttuneStackProps } from '../../lib/attune-stack.js';

const root = new URL('../../', import.meta.url);
/**
 * cdk.json's context, with the web app's files from a small stand-in (tests/fixtures/web-dist): the site's
 * template does not depend on what Vite builds, and the tests need no `npm run build`.
 */
export const cdkJsonContext = {
  ...(JSON.parse(readFileSync(new URL('cdk.json', root), 'utf8')) as { context: Record<string, unknown> }).context,
  'attune:webDistDir': fileURLToPath(new URL('tests/fixtures/web-dist', root)),
};

export interface SynthOptions {
  context?: Record<string, unknown>;
  stack?: AttuneStackProps;
  /** Bundle the functions with esbuild and run CDK's CloudFormation validation, as `cdk synth` does. */
  realSynth?: boolean;
  outdir?: string;
}

export function synthStack(options: SynthOptions = {}): { app: App; stack: AttuneStack; template: Template } {
  const app = new App({
    context: { ...cdkJsonContext, ...(options.realSynth ? {} : { 'aws:cdk:bundling-stacks': [] }), ...options.context },
    builtinCloudFormationValidation: options.realSynth ?? false,
    ...(options.outdir ? { outdir: options.outdir } : {}),
  });
  const stack = new AttuneStack(app, 'Attune', options.stack);
  return { app, stack, template: Template.fromStack(stack) };
}

export type Json = Record<string, unknown>;
export interface State extends Json {
  Type: string;
  Next?: string;
  End?: boolean;
  Default?: string;
  Choices?: { Next: string }[];
  Catch?: { ErrorEquals: string[]; ResultPath?: string; Next: string }[];
  Retry?: { ErrorEquals: string[]; IntervalSeconds?: number; MaxAttempts?: number; BackoffRate?: number }[];
  Branches?: Definition[];
  Parameters?: Json;
  Resource?: string;
}
export interface Definition extends Json {
  StartAt: string;
  States: Record<string, State>;
}

/** A CloudFormation token as a readable placeholder: `${Ref:Logical}`, `${GetAtt:Logical.Arn}`. */
function placeholder(token: unknown): string {
  const t = token as { Ref?: string; 'Fn::GetAtt'?: string[] };
  if (t.Ref) return `\${Ref:${t.Ref}}`;
  if (t['Fn::GetAtt']) return `\${GetAtt:${t['Fn::GetAtt'].join('.')}}`;
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal placeholder for an unrecognised token, written like the `${Ref:…}` ones above
  return '${Token}';
}

/** The state machine's DefinitionString (a Fn::Join of strings and tokens) as parsed JSON. */
export function stateMachineDefinition(template: Template): { definition: Definition; raw: string } {
  const machines = Object.values(template.findResources('AWS::StepFunctions::StateMachine'));
  if (machines.length !== 1) throw new Error(`expected one state machine, found ${machines.length}`);
  const body = (machines[0] as { Properties: { DefinitionString: unknown } }).Properties.DefinitionString;
  let raw: string;
  if (typeof body === 'string') raw = body;
  else {
    const [separator, parts] = (body as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
    raw = parts.map((p) => (typeof p === 'string' ? p : placeholder(p))).join(separator);
  }
  return { definition: JSON.parse(raw) as Definition, raw };
}

/** Where a state can go next: Next, every Choice branch and Default, and every Catch. */
export function successors(state: State): string[] {
  return [
    ...(state.Next ? [state.Next] : []),
    ...(state.Choices ?? []).map((c) => c.Next),
    ...(state.Default ? [state.Default] : []),
    ...(state.Catch ?? []).map((c) => c.Next),
  ];
}

/** States reachable from `from` without passing through any of `avoid`. */
export function reachable(definition: Definition, from: string, avoid: string[] = []): Set<string> {
  const seen = new Set<string>();
  const queue = avoid.includes(from) ? [] : [from];
  while (queue.length > 0) {
    const name = queue.shift()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const state = definition.States[name];
    if (!state) throw new Error(`transition to unknown state ${name}`);
    for (const next of successors(state)) if (!avoid.includes(next) && !seen.has(next)) queue.push(next);
  }
  return seen;
}

/** Every Task, at the top level and inside Parallel branches, with the name of the Parallel it is in. */
export function allTasks(definition: Definition, parent?: string): { name: string; state: State; parallel?: string }[] {
  return Object.entries(definition.States).flatMap(([name, state]) => [
    ...(state.Type === 'Task' ? [{ name, state, ...(parent ? { parallel: parent } : {}) }] : []),
    ...(state.Branches ?? []).flatMap((branch) => allTasks(branch, name)),
  ]);
}

export interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Json;
}

/** Every identity-policy statement in the template, with the role(s) it is attached to. */
export function policyStatements(template: Template): { roles: string[]; statement: Statement }[] {
  const out: { roles: string[]; statement: Statement }[] = [];
  for (const policy of Object.values(template.findResources('AWS::IAM::Policy'))) {
    const props = (policy as { Properties: { Roles: { Ref: string }[]; PolicyDocument: { Statement: Statement[] } } }).Properties;
    const roles = props.Roles.map((r) => r.Ref);
    for (const statement of props.PolicyDocument.Statement) out.push({ roles, statement });
  }
  for (const [logicalId, role] of Object.entries(template.findResources('AWS::IAM::Role'))) {
    const inline = (role as { Properties: { Policies?: { PolicyDocument: { Statement: Statement[] } }[] } }).Properties.Policies ?? [];
    for (const p of inline) for (const statement of p.PolicyDocument.Statement) out.push({ roles: [logicalId], statement });
  }
  return out;
}

export const actionsOf = (s: Statement): string[] => (Array.isArray(s.Action) ? s.Action : [s.Action]);

/** The logical id of the function whose construct id is `id` (e.g. 'ValidateUpload'). */
export function functionLogicalId(template: Template, id: string): string {
  // Logical ids are the construct path (Attune/Functions/<id>) without separators, plus a hash.
  const pattern = new RegExp(`^AttuneFunctions${id}[0-9A-F]{8}$`);
  const matches = Object.keys(template.findResources('AWS::Lambda::Function'))
    .filter((logicalId) => pattern.test(logicalId))
    .map((logicalId) => [logicalId] as const);
  if (matches.length !== 1) throw new Error(`expected one function ${id}, found ${matches.length}`);
  return matches[0]![0];
}

/** The role logical id of a function, and every action its policies allow. */
export function functionPermissions(template: Template, id: string): { role: string; actions: Set<string>; statements: Statement[] } {
  const fn = template.findResources('AWS::Lambda::Function')[functionLogicalId(template, id)] as { Properties: { Role: { 'Fn::GetAtt': string[] } } };
  const role = fn.Properties.Role['Fn::GetAtt'][0]!;
  const statements = policyStatements(template)
    .filter((p) => p.roles.includes(role))
    .map((p) => p.statement);
  return { role, actions: new Set(statements.flatMap(actionsOf)), statements };
}
