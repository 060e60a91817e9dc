import { describe, expect, it } from 'vitest';
import { describeConfig, renderConfigDocs } from './describe.js';
import { configSchemas } from './services.js';

const DOCS = new URL('../../../../docs/configuration.md', import.meta.url);

describe('configuration docs', () => {
  it('describe every variable of every service', () => {
    for (const schema of Object.values(configSchemas)) {
      for (const variable of describeConfig(schema)) {
        expect(variable.description, variable.name).not.toBe('');
      }
    }
  });

  it('are generated from the schemas (update with -u)', async () => {
    const docs = renderConfigDocs();
    await expect(docs).toMatchFileSnapshot(DOCS.pathname);
    for (const schema of Object.values(configSchemas)) {
      for (const { name } of describeConfig(schema)) expect(docs).toContain(`\`${name}\``);
    }
  });
});
