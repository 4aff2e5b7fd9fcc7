import { describe, expect, it } from 'vitest';
import { REST_OPERATIONS, type RestOperationName } from '../src/index.js';

describe('REST rows are reached by typed keys', () => {
  it('a misspelt operation fails tsc (checked by @ts-expect-error), a right one is the row', () => {
    const name: RestOperationName = 'GET Message/{idMessage}/List/UrlClicks';
    expect(REST_OPERATIONS[name].id).toBe('rest:GET Message/{idMessage}/List/UrlClicks');
    // @ts-expect-error no such operation
    expect(REST_OPERATIONS['GET Console/Listz']).toBeUndefined();
    // @ts-expect-error the method is part of the name
    const wrong: RestOperationName = 'Console/List';
    expect(wrong).toBe('Console/List');
  });
});
