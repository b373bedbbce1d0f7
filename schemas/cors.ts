/**
 * CORS between the clinician web app and the API in AWS (the app is served by CloudFront, the API by API
 * Gateway: two origins). One list for both sides: API Gateway's preflight answers (lib/constructs/web-site.ts)
 * and the api Lambda's answers (lambdas/api/cors.ts). Only the site's own origin is ever allowed.
 */

/** The request headers the app sends beyond the CORS-safelisted ones. */
export const CORS_ALLOWED_HEADERS = ['Authorization', 'Content-Type', 'Idempotency-Key'] as const;

/** The methods the route table uses (schemas/routes.ts). */
export const CORS_ALLOWED_METHODS = ['GET', 'POST', 'PUT', 'DELETE'] as const;

/** The answer headers the app may read: where a created resource is, when to retry, whether an answer is a replay. */
export const CORS_EXPOSED_HEADERS = ['Location', 'Retry-After', 'Idempotent-Replayed', 'WWW-Authenticate'] as const;

/** How long a browser may keep a preflight answer (seconds; Chromium caps it at 2 hours). */
export const CORS_MAX_AGE_SECONDS = 600;
