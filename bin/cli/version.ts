/**
 * The CLI's version. scripts/build-cli.mjs injects package.json's version as `__ATTUNE_VERSION__`
 * (esbuild `define`), so the bundle never reads package.json at start-up; running the sources
 * directly (tsx) has no define and reports a dev version instead of crashing.
 */
declare const __ATTUNE_VERSION__: string | undefined;

export const VERSION: string = typeof __ATTUNE_VERSION__ === 'string' ? __ATTUNE_VERSION__ : '0.0.0-dev';
