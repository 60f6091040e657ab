import helmet, { type HelmetOptions } from 'helmet';

/**
 * The security headers helmet would set, computed once. @fastify/helmet runs
 * helmet's middleware — and re-parses the CSP — on every request; the header
 * set never changes, so the app sets this precomputed one in a single hook.
 */
export function securityHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string | number | string[]) => {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
    getHeader: (name: string) => headers[name.toLowerCase()],
  };
  helmet(options)({ headers: {} } as never, response as never, (err?: unknown) => {
    if (err) throw err;
  });
  return headers;
}

/** An HTML page's or a file's policy: nothing but this origin, no framing; Swagger UI's inline script and style allowed. */
export const DOCUMENT_HELMET_OPTIONS: HelmetOptions = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", "'unsafe-inline'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      frameAncestors: ["'none'"],
      upgradeInsecureRequests: null,
    },
  },
  crossOriginResourcePolicy: { policy: 'cross-origin' },
};

/**
 * A JSON answer's headers: the set the OWASP REST Security Cheat Sheet asks
 * of an API. A browser that is somehow made to render the JSON may load and
 * run nothing, frame it nowhere, guess no other type, and send no referrer;
 * HTTPS is remembered; another site cannot pull it in as a no-cors resource.
 * The rest of helmet's set (COOP, Origin-Agent-Cluster, DNS prefetch, IE's
 * download options, Flash's cross-domain policies, the XSS auditor) governs
 * how a browser treats a page it renders, so it goes with HTML pages and
 * files (DOCUMENT_HELMET_OPTIONS), not with each JSON answer: that saves
 * every answer about 500 bytes, on the app's mobile connections too.
 */
export const API_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
});

/** Whether an answer with this Content-Type is a JSON answer of the API. */
export function isJsonType(contentType: unknown): boolean {
  return typeof contentType === 'string' && contentType.startsWith('application/json');
}
