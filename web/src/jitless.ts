/**
 * zod compiles object parsers with `new Function` unless told not to, and probes whether it may when each
 * object schema is built: under the app's Content-Security-Policy (no 'unsafe-eval', schemas/web-headers.ts)
 * that probe is a CSP violation. Imported first by main.tsx, so it runs before any module builds a schema.
 * Parsing works the same without the compiled fast path.
 */
import { config } from 'zod';

config({ jitless: true });
