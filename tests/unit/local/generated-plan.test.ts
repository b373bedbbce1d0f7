/**
 * The workflow plan `npm run build` writes (dist/local-workflow.json) and how the runtime chooses it over
 * a synth: a package root made in a temp folder stands in for the repository, and a small template for
 * the CDK app, so nothing here synthesizes (tests/integration/local-workflow.test.ts checks the real one).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GENERATED_PLAN, loadPlan, templateInputs, writeGeneratedPlan } from '../../../local/runtime/definition.js';
import type { CfnTemplate } from '../../../local/runtime/template.js';

const path = (p: string) => ({ 'aws:cdk:path': p });

/** The synthesized stack cut down to what the plan reads, with one Pass state named `firstState`. */
function template(firstState: string): CfnTemplate {
  return {
    Resources: {
      Uploads1: { Type: 'AWS::S3::Bucket', Metadata: path('Attune/Attune/Storage/Uploads/Resource') },
      Artifacts1: { Type: 'AWS::S3::Bucket', Metadata: path('Attune/Attune/Storage/Artifacts/Resource') },
      Table1: {
        Type: 'AWS::DynamoDB::Table',
        Metadata: path('Attune/Attune/Storage/Sessions/Resource'),
        Properties: { KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }] },
      },
      Bus1: { Type: 'AWS::Events::EventBus', Metadata: path('Attune/Attune/Events/Resource') },
      Fn1: {
        Type: 'AWS::Lambda::Function',
        Metadata: path('Attune/Attune/Functions/ValidateUpload/Resource'),
        Properties: { Environment: { Variables: { UPLOADS_BUCKET: { Ref: 'Uploads1' }, ARTIFACTS_BUCKET: { Ref: 'Artifacts1' } } } },
      },
      Rule1: { Type: 'AWS::Events::Rule', Properties: { EventPattern: { source: ['aws.s3'] } } },
      Machine1: {
        Type: 'AWS::StepFunctions::StateMachine',
        Metadata: path('Attune/Attune/Workflow/StateMachine/Resource'),
        Properties: { DefinitionString: `{"StartAt":"${firstState}","States":{"${firstState}":{"Type":"Pass","End":true}}}` },
      },
    },
  } as unknown as CfnTemplate;
}

/** A stand-in for the CDK app that counts its synths and builds the workflow `firstState` names. */
function fakeApp(firstState: string) {
  const app = {
    firstState,
    synths: 0,
    synthesize: async () => {
      app.synths += 1;
      return template(app.firstState);
    },
  };
  return app;
}

describe('the workflow plan generated at build time', () => {
  let root: string;
  let cacheDir: string;
  const write = (file: string, text: string) => {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  };

  beforeEach(() => {
    // Prepare: a package root shaped like the repository's, with lib/ importing a schema from outside it.
    root = mkdtempSync(join(tmpdir(), 'attune-plan-root-'));
    cacheDir = join(root, 'home', 'cache');
    write('package.json', JSON.stringify({ name: 'attune', version: '0.0.0' }));
    write('cdk.json', JSON.stringify({ app: 'x', context: {} }));
    write(
      'lib/attune-stack.ts',
      "import { EVENT_SOURCE } from '../schemas/workflow.js';\nimport type { Unused } from '../schemas/types.js';\nexport const stack = EVENT_SOURCE;\n",
    );
    write('schemas/workflow.ts', "export const EVENT_SOURCE = 'attune';\n");
    write('schemas/types.ts', 'export type Unused = string;\n');
    write('schemas/unrelated.ts', "export const elsewhere = 'not imported by lib';\n");
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('serves a first run from the generated file: no synth, nothing cached under ATTUNE_HOME', async () => {
    // Prepare
    const app = fakeApp('ValidateUpload');
    await writeGeneratedPlan(root, join(root, GENERATED_PLAN), app.synthesize);
    let told = false;

    // Act
    const plan = await loadPlan({ cacheDir, root, synthesize: app.synthesize, onSynth: () => (told = true) });

    // Assess
    expect(plan.definition).toEqual({ StartAt: 'ValidateUpload', States: { ValidateUpload: { Type: 'Pass', End: true } } });
    expect(app.synths).toBe(1);
    expect(told).toBe(false);
    expect(existsSync(cacheDir)).toBe(false);
  });

  it('is not read once a source lib imports has changed: the runtime synthesizes the new workflow', async () => {
    // Prepare
    const app = fakeApp('ValidateUpload');
    await writeGeneratedPlan(root, join(root, GENERATED_PLAN), app.synthesize);
    write('schemas/workflow.ts', "export const EVENT_SOURCE = 'attune.sessions';\n");
    app.firstState = 'CheckConsent';
    let told = false;

    // Act
    const plan = await loadPlan({ cacheDir, root, synthesize: app.synthesize, onSynth: () => (told = true) });

    // Assess
    expect(plan.definition).toMatchObject({ StartAt: 'CheckConsent' });
    expect(told).toBe(true);
    expect(readdirSync(cacheDir)).toEqual([expect.stringMatching(/^workflow-[0-9a-f]{16}\.json$/)]);
  });

  it('is synthesized again by the build only when the sources changed', async () => {
    // Prepare
    const app = fakeApp('ValidateUpload');
    const target = join(root, GENERATED_PLAN);
    await writeGeneratedPlan(root, target, app.synthesize);

    // Act
    const unchanged = await writeGeneratedPlan(root, target, app.synthesize);
    write('cdk.json', JSON.stringify({ app: 'x', context: { 'attune:stackName': 'Other' } }));
    const changed = await writeGeneratedPlan(root, target, app.synthesize);

    // Assess
    expect(unchanged.synthesized).toBe(false);
    expect(changed.synthesized).toBe(true);
    expect(changed.templateHash).not.toBe(unchanged.templateHash);
    expect(app.synths).toBe(2);
  });

  it('covers cdk.json, lib/ and what lib imports for its values, not type-only imports or unrelated files', () => {
    // Act
    const inputs = templateInputs(root);

    // Assess
    expect(inputs).toEqual(['cdk.json', 'lib/attune-stack.ts', 'schemas/workflow.ts']);
  });
});
