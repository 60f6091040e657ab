import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createApp } from './app.factory.js';
import { DESCRIBE_ONLY } from './database/database.module.js';
import { buildOpenApiDocument, stableStringify } from './openapi/swagger.js';

/** Writes openapi.json (sorted keys) from the built code: `npm run openapi`. */
async function main(): Promise<void> {
  process.env.RUN_WORKER = 'false';
  process.env[DESCRIBE_ONLY] = 'true';
  process.env.LOG_LEVEL ??= 'warn';
  const app = await createApp({ worker: false, quiet: true });
  try {
    const document = buildOpenApiDocument(app);
    const target = resolve(process.argv[2] ?? 'openapi.json');
    writeFileSync(target, stableStringify(document));
    console.log(`wrote ${target} (${Object.keys(document.paths).length} paths)`);
  } finally {
    await app.close();
  }
}

main().catch((err: Error) => {
  console.error(err);
  process.exit(1);
});
