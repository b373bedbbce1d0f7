import { execFileSync } from 'node:child_process';

/** The CLI tests run the real `attune` process, so the bundle must match the sources under test. */
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build-cli.mjs'], { stdio: 'inherit' });
}
