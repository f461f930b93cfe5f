import { loadConfig } from '../src/config';

describe('configuration defaults', () => {
  it('production: no demo seed, /metrics behind a key, suggestions hidden', () => {
    const prod = loadConfig({ NODE_ENV: 'production' });
    expect(prod.seedDemo).toBe(false);
    expect(prod.security.metricsPublic).toBe(false);
    expect(prod.security.hideSuggestions).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production', SEED_DEMO: 'true', METRICS_PUBLIC: 'true' })).toMatchObject({ seedDemo: true, security: { metricsPublic: true } });
  });

  it('development: the demo seed and open /metrics', () => {
    const dev = loadConfig({});
    expect(dev.seedDemo).toBe(true);
    expect(dev.security.metricsPublic).toBe(true);
  });

  it('reads the document limits', () => {
    const config = loadConfig({ MAX_QUERY_TOKENS: '3000', MAX_QUERY_FIELDS: '80', MAX_DIRECTIVES: '5', MAX_FRAGMENT_SPREADS: '7' });
    expect(config.security.queryLimits).toMatchObject({ maxTokens: 3000, maxFields: 80, maxDirectives: 5, maxFragmentSpreads: 7 });
    expect(() => loadConfig({ MAX_QUERY_TOKENS: 'lots' })).toThrow('MAX_QUERY_TOKENS must be an integer');
  });
});
