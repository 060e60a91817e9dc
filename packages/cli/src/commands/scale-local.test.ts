import { describe, expect, it } from 'vitest';
import { fleetscore } from '../cli.test-helper.js';

describe('fleetscore scale-local', () => {
  it('documents its options', async () => {
    const { code, stdout } = await fleetscore('scale-local', '--help');
    expect(code).toBe(0);
    for (const option of ['--max', '--idle-seconds', '--jobs-per-replica', '--poll-seconds']) {
      expect(stdout).toContain(option);
    }
  });

  it('refuses a cap below one before touching the queue', async () => {
    const { code, stderr } = await fleetscore('scale-local', '--max', '0');
    expect(code).toBe(2);
    expect(stderr).toContain('--max must be an integer ≥ 1');
  });
});
