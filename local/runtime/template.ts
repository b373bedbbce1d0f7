/**
 * Reads what the local runtime needs out of the synthesized CloudFormation template: the state machine's
 * definition, each function's environment, the upload rule's event pattern and the table's key schema,
 * with every CloudFormation token resolved to its local stand-in. Nothing here edits a state: the
 * definition that runs locally is the one AWS runs, with local names where AWS would put its own.
 */
import './polyfill.js';
import { StateMachine } from 'aws-local-stepfunctions';
import { LOCAL_ACCOUNT, LOCAL_REGION } from './home.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface Resource {
  Type: string;
  Properties?: JsonObject;
  Metadata?: { 'aws:cdk:path'?: string };
}

export interface CfnTemplate {
  Resources: Record<string, Resource>;
}

/** One Lambda function of the stack, named by its construct id (`ValidateUpload`, `Api`, …). */
export interface LocalFunction {
  name: string;
  arn: string;
  environment: Record<string, string>;
}

export interface LocalTable {
  name: string;
  keySchema: { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[];
  attributeDefinitions: { AttributeName: string; AttributeType: 'S' | 'N' | 'B' }[];
  globalSecondaryIndexes: { IndexName: string; KeySchema: LocalTable['keySchema']; Projection: { ProjectionType: string } }[];
}

/** Everything the runtime reads from the template, resolved and ready to run. */
export interface LocalPlan {
  stateMachineName: string;
  /** The state machine's definition, parsed. */
  definition: JsonObject;
  /** By function ARN, as the definition's Task states name them. */
  functions: Record<string, LocalFunction>;
  /** The EventBridge rule that starts an execution for an upload ("Object Created" under uploads/). */
  uploadRule: { eventPattern: JsonObject };
  table: LocalTable;
  names: { uploadsBucket: string; artifactsBucket: string; eventBus: string };
}

export class TemplateResolutionError extends Error {
  override readonly name = 'TemplateResolutionError';
}

/** `Attune/Attune/Functions/ValidateUpload/Resource` → `ValidateUpload`. */
function constructId(resource: Resource, logicalId: string): string {
  const path = resource.Metadata?.['aws:cdk:path'];
  if (!path) throw new TemplateResolutionError(`resource ${logicalId} has no aws:cdk:path metadata: synthesize with aws:cdk:enable-path-metadata`);
  const segments = path.split('/');
  const last = segments.at(-1);
  return (last === 'Resource' ? segments.at(-2) : last) ?? logicalId;
}

const kebab = (id: string) => id.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

/** Resolves `Ref`, `Fn::GetAtt`, `Fn::Join` and `Fn::Sub` (without variables) to local values. */
class LocalResolver {
  constructor(private readonly template: CfnTemplate) {}

  private resource(logicalId: string): Resource {
    const resource = this.template.Resources[logicalId];
    if (!resource) throw new TemplateResolutionError(`the template has no resource ${logicalId}`);
    return resource;
  }

  /** The name a resource goes by locally: `attune-uploads`, `attune-sessions`, a function's logical id. */
  localName(logicalId: string): string {
    const resource = this.resource(logicalId);
    if (resource.Type === 'AWS::Lambda::Function') return logicalId;
    return `attune-${kebab(constructId(resource, logicalId))}`;
  }

  ref(logicalId: string): string {
    switch (logicalId) {
      case 'AWS::Partition':
        return 'aws';
      case 'AWS::Region':
        return LOCAL_REGION;
      case 'AWS::AccountId':
        return LOCAL_ACCOUNT;
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
      case 'AWS::StackName':
        return 'Attune';
      default:
        return this.localName(logicalId);
    }
  }

  arn(logicalId: string): string {
    const { Type } = this.resource(logicalId);
    const name = this.localName(logicalId);
    const at = `${LOCAL_REGION}:${LOCAL_ACCOUNT}`;
    switch (Type) {
      case 'AWS::Lambda::Function':
        return `arn:aws:lambda:${at}:function:${name}`;
      case 'AWS::Events::EventBus':
        return `arn:aws:events:${at}:event-bus/${name}`;
      case 'AWS::KMS::Key':
        return `arn:aws:kms:${at}:key/${name}`;
      case 'AWS::S3::Bucket':
        return `arn:aws:s3:::${name}`;
      case 'AWS::DynamoDB::Table':
        return `arn:aws:dynamodb:${at}:table/${name}`;
      case 'AWS::StepFunctions::StateMachine':
        return `arn:aws:states:${at}:stateMachine:${name}`;
      default:
        throw new TemplateResolutionError(`no local ARN for ${logicalId} (${Type})`);
    }
  }

  resolve(value: Json): Json {
    if (Array.isArray(value)) return value.map((v) => this.resolve(v));
    if (value === null || typeof value !== 'object') return value;
    const keys = Object.keys(value);
    if (keys.length === 1) {
      const [key] = keys as [string];
      const arg = value[key] as Json;
      if (key === 'Ref' && typeof arg === 'string') return this.ref(arg);
      if (key === 'Fn::GetAtt') {
        const [logicalId, attribute] = (typeof arg === 'string' ? arg.split('.') : (arg as string[])) as [string, string];
        if (attribute !== 'Arn') throw new TemplateResolutionError(`Fn::GetAtt ${logicalId}.${attribute} has no local value`);
        return this.arn(logicalId);
      }
      if (key === 'Fn::Join') {
        const [separator, parts] = arg as [string, Json[]];
        return parts.map((part) => this.string(part)).join(separator);
      }
      if (key === 'Fn::Sub' && typeof arg === 'string') {
        return arg.replace(/\$\{([^}!]+)\}/g, (_, name: string) => (name.includes('.') ? this.arn(name.split('.')[0]!) : this.ref(name)));
      }
      if (key.startsWith('Fn::')) throw new TemplateResolutionError(`the intrinsic ${key} is not resolved locally`);
    }
    return Object.fromEntries(keys.map((k) => [k, this.resolve(value[k] as Json)]));
  }

  string(value: Json): string {
    const resolved = this.resolve(value);
    if (typeof resolved !== 'string') throw new TemplateResolutionError('a token in a string did not resolve to a string');
    return resolved;
  }
}

function only(template: CfnTemplate, type: string): [string, Resource] {
  const found = Object.entries(template.Resources).filter(([, r]) => r.Type === type);
  if (found.length !== 1) throw new TemplateResolutionError(`expected one ${type} in the template, found ${found.length}`);
  return found[0]!;
}

function requiredEnv(functions: LocalFunction[], variable: string): string {
  const value = functions.map((f) => f.environment[variable]).find((v) => v !== undefined);
  if (value === undefined) throw new TemplateResolutionError(`no function has ${variable} in its environment`);
  return value;
}

/** The plan the runtime runs, from a synthesized template. */
export function planFromTemplate(template: CfnTemplate): LocalPlan {
  const resolver = new LocalResolver(template);

  const [machineId, machine] = only(template, 'AWS::StepFunctions::StateMachine');
  const props = machine.Properties ?? {};
  let definitionText = resolver.string(props.DefinitionString ?? null);
  const substitutions = resolver.resolve(props.DefinitionSubstitutions ?? {}) as Record<string, Json>;
  for (const [name, value] of Object.entries(substitutions)) definitionText = definitionText.split(`\${${name}}`).join(String(value));

  const functions = Object.entries(template.Resources)
    .filter(([, r]) => r.Type === 'AWS::Lambda::Function')
    .map(([logicalId, r]): LocalFunction => {
      const variables = ((r.Properties?.Environment as JsonObject | undefined)?.Variables ?? {}) as JsonObject;
      const environment = Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, resolver.string(v)]));
      return { name: constructId(r, logicalId), arn: resolver.arn(logicalId), environment };
    });

  const rules = Object.values(template.Resources).filter((r) => {
    const pattern = r.Properties?.EventPattern as JsonObject | undefined;
    return r.Type === 'AWS::Events::Rule' && Array.isArray(pattern?.source) && pattern.source.includes('aws.s3');
  });
  if (rules.length !== 1) throw new TemplateResolutionError(`expected one S3 upload rule in the template, found ${rules.length}`);

  const [tableId, table] = only(template, 'AWS::DynamoDB::Table');
  const tableProps = table.Properties as unknown as {
    KeySchema: LocalTable['keySchema'];
    AttributeDefinitions: LocalTable['attributeDefinitions'];
    GlobalSecondaryIndexes?: LocalTable['globalSecondaryIndexes'];
  };
  const [busId] = only(template, 'AWS::Events::EventBus');

  const definition = JSON.parse(definitionText) as JsonObject;
  // Validated once, as AWS would, when the plan is made (at build, or when a changed CDK app is synthesized):
  // every run then starts the machine without validating again (about half a second saved per start).
  // (on a copy: the library annotates the definition it is given).
  new StateMachine(structuredClone(definition) as unknown as ConstructorParameters<typeof StateMachine>[0]);

  return {
    stateMachineName: resolver.localName(machineId),
    definition,
    functions: Object.fromEntries(functions.map((f) => [f.arn, f])),
    uploadRule: { eventPattern: resolver.resolve(rules[0]!.Properties!.EventPattern!) as JsonObject },
    table: {
      name: resolver.localName(tableId),
      keySchema: tableProps.KeySchema,
      attributeDefinitions: tableProps.AttributeDefinitions,
      globalSecondaryIndexes: (tableProps.GlobalSecondaryIndexes ?? []).map((g) => ({
        IndexName: g.IndexName,
        KeySchema: g.KeySchema,
        Projection: g.Projection,
      })),
    },
    names: {
      uploadsBucket: requiredEnv(functions, 'UPLOADS_BUCKET'),
      artifactsBucket: requiredEnv(functions, 'ARTIFACTS_BUCKET'),
      eventBus: resolver.localName(busId),
    },
  };
}
