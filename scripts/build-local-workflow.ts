// Writes dist/local-workflow.json: the state machine definition, function environments, upload rule and
// table the local runtime (`attune run`, `npm start`) takes from the synthesized CDK app, so no first run
// waits ~20 s for a synth. Run by scripts/build-cli.mjs (`npm run build`, `npm ci`); a no-op when the file
// already matches the sources (see templateHash in local/runtime/definition.ts).
import { relative } from 'node:path';
import { writeGeneratedPlan } from '../local/runtime/definition.js';
import { packageRoot } from '../local/runtime/home.js';

const root = packageRoot();
const started = Date.now();
const result = await writeGeneratedPlan(root);
if (result.synthesized) {
  process.stdout.write(
    `attune: wrote ${relative(root, result.path)} (workflow ${result.templateHash}, synthesized in ${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
  );
}
