import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

const DESCRIPTION = `Backend of the Clean Care citizen-services app of a Bangladeshi city corporation.

* Every route is under \`/api/v1\`; a trailing slash is accepted.
* JSON is snake_case. Money is a decimal string with two places ("150.00"). Times are ISO 8601 in Asia/Dhaka (+06:00).
* Lists are paginated DRF-style: \`?page=&page_size=\` (default 20, max 100) → \`{count, next, previous, results}\`.
* Errors: validation → 400 \`{"field": ["message"]}\`; everything else → \`{"detail": "message"}\`.
* Authentication: \`Authorization: Bearer <access_token>\` from auth/login or auth/register. Routes marked public need none.`;

/** Builds the OpenAPI document from the code: operation ids are the handler names, routes public or bearer-protected. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Clean Care API')
    .setDescription(DESCRIPTION)
    .setVersion('1.0.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .addServer('/')
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (_controllerKey, methodKey) => methodKey,
  });
  return finalize(document);
}

const ERROR_SCHEMAS = {
  ErrorDetail: {
    type: 'object',
    required: ['detail'],
    properties: { detail: { type: 'string', example: 'Not found.' } },
  },
  ValidationErrors: {
    type: 'object',
    description: 'DRF-style field errors: field name → messages; body-level errors under non_field_errors.',
    additionalProperties: { type: 'array', items: { type: 'string' } },
    example: { phone: ['Enter a valid Bangladeshi mobile number (01XXXXXXXXX).'] },
  },
};

interface OperationLike {
  responses: Record<string, unknown>;
  parameters?: Array<{ in: string }>;
  requestBody?: unknown;
  operationId?: string;
  security?: unknown;
  [extension: `x-${string}`]: unknown;
}

const ref = (name: keyof typeof ERROR_SCHEMAS) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object, description: string) => ({ description, content: { 'application/json': { schema } } });

/**
 * Completes each operation from what the decorators marked: the security
 * requirement (none for x-public), and the error responses every client has
 * to handle — 400 (field errors), 401, 403 (x-roles), 404 (an id in the
 * path), 429 (rate limits). Operation ids must be unique for client generators.
 */
function finalize(document: OpenAPIObject): OpenAPIObject {
  document.components ??= {};
  document.components.schemas = { ...(document.components.schemas ?? {}), ...ERROR_SCHEMAS };
  const seen = new Map<string, string>();
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, op] of Object.entries(item) as Array<[string, OperationLike]>) {
      if (!op || typeof op !== 'object' || !('responses' in op)) continue;
      const isPublic = op['x-public'] === true;
      delete op['x-public'];
      const roles = op['x-roles'] as string[] | undefined;
      const responses = op.responses;
      op.security = isPublic ? [] : [{ bearer: [] }];
      const takesInput = !!op.requestBody || (op.parameters ?? []).some((p) => p.in === 'query');
      if (takesInput) responses['400'] ??= json(ref('ValidationErrors'), 'Invalid input (field errors).');
      if (!isPublic) responses['401'] ??= json(ref('ErrorDetail'), 'Missing, invalid, expired or revoked access token.');
      if (roles?.length) responses['403'] ??= json(ref('ErrorDetail'), `Only ${roles.join(' or ')} may call this.`);
      if (path.includes('{')) responses['404'] ??= json(ref('ErrorDetail'), 'No such record, or not visible to the caller.');
      const limited = op['x-auth-rate-limit'] ? 'Too many attempts for this phone number or IP' : 'Too many requests';
      if (op['x-skip-rate-limit']) delete op['x-skip-rate-limit'];
      else
        responses['429'] ??= {
          ...json(ref('ErrorDetail'), `${limited}; retry after the Retry-After header's seconds.`),
          headers: { 'Retry-After': { schema: { type: 'integer' } } },
        };
      const id = op.operationId as string;
      const where = `${method.toUpperCase()} ${path}`;
      if (seen.has(id)) throw new Error(`operationId ${id} is used by both ${seen.get(id)} and ${where}; rename a handler`);
      seen.set(id, where);
    }
  }
  return document;
}

/** Sorted keys at every level, so the committed file changes only when the API does. */
export function stableStringify(value: unknown): string {
  return JSON.stringify(sortKeys(value), null, 2) + '\n';
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as object)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

export function setupSwagger(app: INestApplication): void {
  // Built on the first request for the docs, not at start: walking every route's metadata
  // would delay the moment the API can serve (`npm run openapi` builds the same document).
  SwaggerModule.setup('api/docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'api/docs-json',
    customSiteTitle: 'Clean Care API',
    swaggerOptions: { persistAuthorization: true },
  });
}
