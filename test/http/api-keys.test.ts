import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError } from '../../src/config';
import { ApiKeys } from '../../src/http/api-keys';

const file = (entries: unknown) => {
  const p = path.join(mkdtempSync(path.join(tmpdir(), 'keys-')), 'keys.json');
  writeFileSync(p, JSON.stringify(entries));
  return p;
};

describe('API keys configuration', () => {
  it('two entries with the same name in API_KEYS_FILE refuse to start, naming the duplicate', () => {
    const keys = file([
      { name: 'shop', role: 'widget', key: 'wk_shop_one_1234' },
      { name: 'shop', role: 'partner', key: 'pk_shop_two_1234' },
    ]);
    expect(() => ApiKeys.fromConfig(undefined, keys)).toThrow(ConfigError);
    expect(() => ApiKeys.fromConfig(undefined, keys)).toThrow('API_KEYS_FILE entry 2: the name "shop" is already used by API_KEYS_FILE entry 1');
  });

  it('the same key configured twice refuses to start (it could only be one caller)', () => {
    expect(() => ApiKeys.fromConfig('widget:wk_same_key_1,partner:wk_same_key_1', undefined)).toThrow('API_KEYS entry 2: the same key is already configured by API_KEYS entry 1');
    const keys = file([{ name: 'a', role: 'widget', key: 'wk_same_key_1' }]);
    expect(() => ApiKeys.fromConfig('widget:wk_same_key_1', keys)).toThrow('API_KEYS_FILE entry 1: the same key is already configured by API_KEYS entry 1');
  });

  it('distinct names and keys resolve each to its own caller', () => {
    const keys = ApiKeys.fromConfig(undefined, file([
      { name: 'shop', role: 'widget', key: 'wk_shop_one_1234' },
      { name: 'back-office', role: 'partner', key: 'pk_shop_two_1234' },
    ]));
    expect(keys.resolve('Bearer wk_shop_one_1234')).toEqual({ id: 'shop', role: 'widget', merchantIds: null });
    expect(keys.resolve('Bearer pk_shop_two_1234')).toEqual({ id: 'back-office', role: 'partner', merchantIds: null });
    expect(keys.resolve('Bearer unknown-key-1')).toBeNull();
  });
});
