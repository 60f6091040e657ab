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

/**
 * Public routes (x-public) get an empty security list, every other route the
 * bearer scheme; operation ids must be unique for client generators.
 */
function finalize(document: OpenAPIObject): OpenAPIObject {
  const seen = new Map<string, string>();
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, op] of Object.entries(item) as Array<[string, Record<string, unknown>]>) {
      if (!op || typeof op !== 'object' || !('responses' in op)) continue;
      const isPublic = op['x-public'] === true;
      delete op['x-public'];
      op.security = isPublic ? [] : [{ bearer: [] }];
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
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, {
    jsonDocumentUrl: 'api/docs-json',
    customSiteTitle: 'Clean Care API',
    swaggerOptions: { persistAuthorization: true },
  });
}
