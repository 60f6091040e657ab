import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getMetadataStorage } from 'class-validator';
import { EnvironmentVariables } from './env.schema.js';

/** `.env.example` documents every variable the schema reads, with the same defaults. */
describe('.env.example', () => {
  const text = readFileSync(join(process.cwd(), '.env.example'), 'utf8');
  const documented = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^([A-Z][A-Z0-9_]*)=(\S*)/.exec(line);
    if (match) documented.set(match[1], match[2]);
  }
  const defaults = new EnvironmentVariables() as unknown as Record<string, unknown>;
  // Every property the schema validates, including optional ones without a default.
  const schemaKeys = [
    ...new Set(
      getMetadataStorage()
        .getTargetValidationMetadatas(EnvironmentVariables, '', true, false)
        .map((m) => m.propertyName),
    ),
  ];

  it.each(schemaKeys)('documents %s', (key) => {
    expect(documented.has(key)).toBe(true);
  });

  it('shows the schema default for every variable that has one', () => {
    for (const [key, value] of Object.entries(defaults)) {
      if (value === undefined) continue;
      expect([key, documented.get(key)]).toEqual([key, String(value)]);
    }
  });
});
