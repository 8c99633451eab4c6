import { describe, expect, it } from '@jest/globals';
import { requireApiKey, requireToken, resolveApiUrl } from './connection.js';
import { UsageError } from './errors.js';

const messageOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('accepted');
};

describe('resolveApiUrl', () => {
  it('defaults to the local API, and the flag wins over API_URL', () => {
    expect(resolveApiUrl(undefined, {}).href).toBe('http://127.0.0.1:4000/');
    expect(resolveApiUrl(undefined, { API_URL: '  ' }).href).toBe('http://127.0.0.1:4000/');
    expect(resolveApiUrl(undefined, { API_URL: 'https://gw.example.com/base' }).href).toBe(
      'https://gw.example.com/base',
    );
    expect(resolveApiUrl('http://10.0.0.2:8080', { API_URL: 'https://gw.example.com' }).href).toBe(
      'http://10.0.0.2:8080/',
    );
  });

  it('names the flag or variable that holds a bad URL', () => {
    expect(messageOf(() => resolveApiUrl(undefined, { API_URL: 'localhost:4000' }))).toBe(
      'API_URL must be an http:// or https:// URL',
    );
    expect(messageOf(() => resolveApiUrl(undefined, { API_URL: '127.0.0.1:4000' }))).toBe(
      'API_URL is not a URL (expected something like http://127.0.0.1:4000)',
    );
    expect(messageOf(() => resolveApiUrl('not a url', {}))).toBe(
      '--api-url is not a URL (expected something like http://127.0.0.1:4000)',
    );
    expect(messageOf(() => resolveApiUrl(undefined, { API_URL: 'http://u:secret@gw:4000' }))).toBe(
      'API_URL must not contain a user name or password; credentials go in SWITCHYARD_API_KEY or SWITCHYARD_TOKEN',
    );
    expect(messageOf(() => resolveApiUrl('http://gw:4000/?x=1', {}))).toBe(
      '--api-url must not have a query or a fragment',
    );
  });
});

describe('requireApiKey and requireToken', () => {
  const adminKey = 'sya-abcdefghijklmnopqrstuvwxyz0123456789ABCD';
  const token = 'sy-abcdefghijklmnopqrstuvwxyz0123456789ABCD';

  it('take the flag over the variable, trimmed', () => {
    expect(requireApiKey(undefined, { SWITCHYARD_API_KEY: ` ${adminKey}\n` }, 'status')).toBe(adminKey);
    expect(requireApiKey('sya-other', { SWITCHYARD_API_KEY: adminKey }, 'status')).toBe('sya-other');
    expect(requireToken(undefined, { SWITCHYARD_TOKEN: token }, 'chat')).toBe(token);
  });

  it('say what the command needs and where to put it', () => {
    expect(messageOf(() => requireApiKey(undefined, {}, 'import'))).toBe(
      'import needs an admin API key (sya-…): set SWITCHYARD_API_KEY or pass --api-key',
    );
    expect(messageOf(() => requireToken(undefined, { SWITCHYARD_TOKEN: '' }, 'models'))).toBe(
      'models needs a proxy token (sy-…): set SWITCHYARD_TOKEN or pass --token',
    );
  });

  it('catch a token and a key swapped, naming the source and never repeating the value', () => {
    const swappedKey = messageOf(() => requireApiKey(undefined, { SWITCHYARD_API_KEY: token }, 'status'));
    expect(swappedKey).toBe(
      'SWITCHYARD_API_KEY is not an admin API key: it should start with sya-; that looks like a proxy token, which belongs in SWITCHYARD_TOKEN',
    );
    const swappedToken = messageOf(() => requireToken(adminKey, {}, 'chat'));
    expect(swappedToken).toBe(
      '--token is not a proxy token: it should start with sy-; that looks like an admin API key, which belongs in SWITCHYARD_API_KEY',
    );
    const garbage = messageOf(() => requireToken(undefined, { SWITCHYARD_TOKEN: 'sk-live-123' }, 'chat'));
    expect(garbage).toBe('SWITCHYARD_TOKEN is not a proxy token: it should start with sy-');
    for (const message of [swappedKey, swappedToken, garbage]) {
      expect(message).not.toContain('abcdefghij');
      expect(message).not.toContain('sk-live-123');
    }
  });

  it('refuse values that cannot go in an HTTP header', () => {
    expect(messageOf(() => requireToken('sy-has space', {}, 'chat'))).toBe(
      '--token is not a proxy token: it should start with sy-',
    );
  });
});
