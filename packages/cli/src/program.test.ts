import { describe, expect, it } from 'vitest';
import { fleetscore } from './cli.test-helper.js';

describe('fleetscore', () => {
  it('prints help with every command and exits 0', async () => {
    const { code, stdout } = await fleetscore('--help');
    expect(code).toBe(0);
    for (const command of ['model', 'score-csv']) expect(stdout).toContain(command);
  });

  it.each([
    ['model', '--help'],
    ['model', 'import', '--help'],
    ['model', 'inspect', '--help'],
    ['model', 'eval', '--help'],
    ['model', 'train', '--help'],
    ['score-csv', '--help'],
  ])('%s %s %s has --help', async (...argv) => {
    const { code, stdout } = await fleetscore(...argv);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: fleetscore /);
  });

  it.each([
    ['runs', '--help'],
    ['runs', 'trigger', '--help'],
    ['models', 'upload', '--help'],
  ])('%s %s %s lists the API connection options', async (...argv) => {
    const { code, stdout } = await fleetscore(...argv);
    expect(code).toBe(0);
    for (const option of [
      '--api-url <url>',
      '--api-key <key>',
      '--timeout <seconds>',
      '--auth <method>',
      '--scope <scope>',
    ])
      expect(stdout).toContain(option);
  });

  it('exits 2 on an unknown command or a missing required option', async () => {
    expect((await fleetscore('frobnicate')).code).toBe(2);
    const missing = await fleetscore('score-csv', '--models', 'x');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/required option '--data <csv>'/);
  });
});
