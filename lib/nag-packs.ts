/**
 * The cdk-nag rule packs Attune is checked against on every synth: AWS Solutions and HIPAA Security, as CDK
 * policy-validation plugins (cdk-nag 3). A finding that lib/compliance.ts does not acknowledge, error or
 * warning, fails the synth and is listed in cdk.out/validation-report.json.
 *
 * Kept apart from lib/index.ts: cdk-nag is a development dependency, which an embedding app need not install.
 */
import { Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, type NagPack } from 'cdk-nag';

/**
 * Registers the packs on the app. Each acknowledgement is also written into its resource's template
 * Metadata (`cdk_nag.rules_to_suppress`, id and reason), so a reviewer of Attune.template.json sees it too.
 */
export function addNagPacks(app: App): NagPack[] {
  // The option adds one Aspect to the app: one pack is enough to carry it.
  const packs = [new AwsSolutionsChecks(app, { writeSuppressionsToCloudFormation: true }), new HIPAASecurityChecks(app)];
  Validations.of(app).addPlugins(...packs);
  return packs;
}
