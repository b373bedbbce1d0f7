/**
 * The web app's run-time settings: `/config.json`, served beside the app. Locally the API server writes it
 * (the app and the API share one origin, and people sign in by pasting a token from `attune token`); in AWS
 * the CDK app deploys it into the site's bucket (the API is another origin, and people sign in through the
 * Cognito user pool's authorization-code flow with PKCE). The app reads it once at start and refuses to run
 * on one that does not parse, saying so.
 */
import { z } from 'zod';

/** Minutes of inactivity after which the app signs out (HIPAA 164.312(a)(2)(iii), automatic logoff). */
export const DEFAULT_IDLE_MINUTES = 15;
export const MAX_IDLE_MINUTES = 12 * 60;

export const WebAuthSchema = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('local') }),
  z.strictObject({
    mode: z.literal('cognito'),
    /** The user pool's hosted sign-in domain, `https://<prefix>.auth.<region>.amazoncognito.com`. */
    domain: z.url({ protocol: /^https$/ }),
    /** The web app client: public (no secret), authorization-code grant with PKCE only. */
    clientId: z.string().min(1),
    /** Where Cognito sends the browser back: the site's own address. */
    redirectUri: z.url({ protocol: /^https?$/ }),
    /** The scopes the app asks for (`openid email` at least; the API reads the ID token). */
    scopes: z.array(z.string().min(1)).min(1).default(['openid', 'email']),
  }),
]);
export type WebAuth = z.infer<typeof WebAuthSchema>;

export const WebConfigSchema = z.strictObject({
  /** The API's base address without a trailing slash; '' when the app is served by the API's own server. */
  apiBase: z.union([z.literal(''), z.url({ protocol: /^https?$/ })]).transform((base) => base.replace(/\/+$/, '')),
  auth: WebAuthSchema,
  idleMinutes: z.number().int().min(1).max(MAX_IDLE_MINUTES).default(DEFAULT_IDLE_MINUTES),
});
export type WebConfig = z.infer<typeof WebConfigSchema>;
export type WebConfigInput = z.input<typeof WebConfigSchema>;
