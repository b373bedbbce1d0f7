/**
 * The clinician web app's security headers, one definition for the local server (local/http/web-app.ts)
 * and CloudFront's response headers policy (lib/constructs/web-site.ts).
 *
 * The Content-Security-Policy allows the app's own files and nothing else. Cloudscape needs no inline
 * style or script: its CSS is in Vite's files, React sets `style` through the CSSOM (which CSP does not
 * govern), and its fonts and icons are files or data: URLs. Checked in Chromium, with no violation
 * reported, by tests/browser/csp.test.ts.
 */

/** The policy; `connect` adds origins the app calls besides its own (in AWS: the API, the sign-in domain, the uploads bucket). */
export function webContentSecurityPolicy(connect: readonly string[] = []): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    ["connect-src 'self'", ...connect].join(' '),
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** No camera, microphone or location for the app, nor for anything it might embed. */
export const WEB_PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=(), payment=(), usb=()';
