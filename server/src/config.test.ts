import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('configuration', () => {
  it('has working defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, host: '127.0.0.1', databaseUrl: undefined, nodeRegion: '330000', logLevel: 'info', seedDemo: true });
    expect(c.dataDir).toMatch(/data$/);
  });

  it('reads every variable', () => {
    const c = loadConfig({ PORT: '8080', HOST: '0.0.0.0', DATA_DIR: '/tmp/x', DATABASE_URL: 'postgres://u@db:5432/ow', NODE_REGION: '330106', LOG_LEVEL: 'warn', SEED_DEMO: 'false', SECOND_FACTOR: 'staff', PUBLIC_URL: 'https://zwfw.example.gov.cn/' });
    expect(c).toMatchObject({ port: 8080, host: '0.0.0.0', dataDir: '/tmp/x', databaseUrl: 'postgres://u@db:5432/ow', nodeRegion: '330106', logLevel: 'warn', seedDemo: false, secondFactor: 'staff', publicUrl: 'https://zwfw.example.gov.cn', secretsFile: '/tmp/x/secrets.json' });
  });

  it('refuses bad values with a message naming each of them', () => {
    const bad = { PORT: 'eighty', NODE_REGION: '33', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x', BOOTSTRAP_ADMIN_PASSWORD: 'short' };
    expect(() => loadConfig(bad)).toThrow(ConfigError);
    try {
      loadConfig(bad);
    } catch (e) {
      const message = (e as Error).message;
      for (const name of Object.keys(bad)) expect(message).toContain(name);
      expect(message).toContain('"eighty"');
      expect(message).not.toContain('short');
      expect(message).not.toContain('mysql://x');
    }
  });

  it('refuses a production node without a real SMS sender, TLS, or with demo data', () => {
    expect(() => loadConfig({ APP_MODE: 'production' })).toThrow(/SMS_SENDER[\s\S]*SEED_DEMO[\s\S]*PUBLIC_URL/);
    expect(() => loadConfig({ APP_MODE: 'production', SMS_SENDER: 'http', SMS_HTTP_URL: 'https://sms.example.gov.cn/send', SEED_DEMO: 'false', PUBLIC_URL: 'https://zwfw.example.gov.cn' })).not.toThrow();
    expect(() => loadConfig({ SMS_SENDER: 'http' })).toThrow(/SMS_HTTP_URL/);
  });

  it('treats an empty DATABASE_URL as unset', () => {
    expect(loadConfig({ DATABASE_URL: '' }).databaseUrl).toBeUndefined();
  });
});
