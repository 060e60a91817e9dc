import { describe, expect, it } from 'vitest';
import { isFleetscoreError } from '../../errors.js';
import { tableEndpointOf } from './table-client.js';

describe('tableEndpointOf', () => {
  it('turns an account blob endpoint into its table endpoint, in any cloud', () => {
    expect(tableEndpointOf('https://fleet.blob.core.windows.net')).toBe(
      'https://fleet.table.core.windows.net',
    );
    expect(tableEndpointOf('https://fleet.blob.core.windows.net/')).toBe(
      'https://fleet.table.core.windows.net',
    );
    expect(tableEndpointOf('https://fleet.blob.core.chinacloudapi.cn')).toBe(
      'https://fleet.table.core.chinacloudapi.cn',
    );
  });

  it('refuses a URL that is not a blob endpoint, with a configuration error', () => {
    let error: unknown;
    try {
      tableEndpointOf('https://fleet.file.core.windows.net');
    } catch (caught) {
      error = caught;
    }
    expect(isFleetscoreError(error, 'CONFIG_INVALID')).toBe(true);
    expect((error as Error).message).toContain('fleet.file.core.windows.net');
  });
});
