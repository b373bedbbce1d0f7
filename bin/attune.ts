/**
 * The CDK app: `npx cdk synth` / `npx cdk deploy` run this (see cdk.json). Configuration comes from the
 * `attune:*` context keys in cdk.json or `-c attune:key=value`, validated before anything is synthesized.
 * The stack is environment-agnostic unless CDK_DEFAULT_ACCOUNT/REGION are set, so synth needs no credentials.
 * Every synth runs the cdk-nag AwsSolutions and HIPAA.Security packs and fails on a finding that
 * lib/compliance.ts does not acknowledge.
 */
import { App } from 'aws-cdk-lib';
import { AttuneStack } from '../lib/attune-stack.js';
import { AttuneConfigError } from '../lib/config.js';
import { addNagPacks } from '../lib/nag-packs.js';

const app = new App();
addNagPacks(app);
const stackName = (app.node.tryGetContext('attune:stackName') as string | undefined) ?? 'Attune';
const account = process.env.CDK_DEFAULT_ACCOUNT;
const region = process.env.CDK_DEFAULT_REGION;
try {
  new AttuneStack(app, stackName, account && region ? { env: { account, region } } : {});
} catch (error) {
  if (error instanceof AttuneConfigError) {
    // The message names each bad key; a stack trace would only bury it.
    process.stderr.write(`Invalid Attune configuration:\n${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
app.synth();
