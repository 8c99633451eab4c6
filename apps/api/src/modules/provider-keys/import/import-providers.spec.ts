import { describe, expect, it } from '@jest/globals';
import { blankEntry, type ImportEntry } from './import-entry.js';
import { ImportProviderResolver, type KnownProvider } from './import-providers.js';

const existing: KnownProvider[] = [
  { id: 'id-openai', name: 'openai', type: 'openai', baseUrl: 'https://api.openai.com/v1' },
  { id: 'id-anthropic', name: 'anthropic', type: 'anthropic', baseUrl: 'https://api.anthropic.com/v1' },
  { id: 'id-taken', name: 'llm-example-com', type: 'openai', baseUrl: 'https://llm.example.com/other/v1' },
];
const entry = (fields: Partial<ImportEntry>): ImportEntry => ({ ...blankEntry(1), ...fields });

describe('ImportProviderResolver', () => {
  it('uses an existing provider by name', () => {
    const resolver = new ImportProviderResolver(existing);
    expect(resolver.resolve(entry({ provider: 'openai' }))).toEqual({ target: existing[0] });
    expect(resolver.resolve(entry({ provider: 'cohere' }))).toEqual({
      problem: 'no provider named cohere',
      unknownProvider: true,
    });
    expect(resolver.resolve(entry({}))).toEqual({ problem: 'provider is required' });
  });

  it('matches a base URL to the provider that has it, whatever the trailing slash', () => {
    const resolver = new ImportProviderResolver(existing);
    expect(resolver.resolve(entry({ provider: 'custom', baseUrl: 'https://api.anthropic.com/v1/' }))).toEqual(
      {
        target: existing[1],
      },
    );
    expect(resolver.plannedProviders).toEqual([]);
  });

  it('plans one provider per new base URL, named after its host, typed from the entry', () => {
    const resolver = new ImportProviderResolver(existing);
    const first = resolver.resolve(entry({ provider: 'anthropic', baseUrl: 'http://10.0.0.5:8080/v1' }));
    const second = resolver.resolve(entry({ provider: 'whatever', baseUrl: 'http://10.0.0.5:8080/v1' }));
    const typed = resolver.resolve(entry({ providerType: 'gemini', baseUrl: 'https://g.example/v1beta' }));
    expect(first).toEqual({
      target: { id: null, name: '10-0-0-5-8080', type: 'anthropic', baseUrl: 'http://10.0.0.5:8080/v1' },
    });
    expect(second).toEqual(first);
    expect(typed).toEqual({
      target: { id: null, name: 'g-example', type: 'gemini', baseUrl: 'https://g.example/v1beta' },
    });
    expect(resolver.plannedProviders.map((p) => p.name)).toEqual(['10-0-0-5-8080', 'g-example']);
  });

  it('asks for a name when the host name is taken by a provider elsewhere', () => {
    const resolver = new ImportProviderResolver(existing);
    expect(resolver.resolve(entry({ baseUrl: 'https://llm.example.com/v1' }))).toEqual({
      problem: 'a provider named llm-example-com already exists with another base URL; add name',
    });
  });

  it('uses or creates a provider by explicit name', () => {
    const resolver = new ImportProviderResolver(existing);
    expect(resolver.resolve(entry({ providerName: 'openai' }))).toEqual({ target: existing[0] });
    expect(resolver.resolve(entry({ providerName: 'openai', baseUrl: 'https://x.example/v1' }))).toEqual({
      problem: 'provider openai already exists with base URL https://api.openai.com/v1',
    });
    expect(resolver.resolve(entry({ providerName: 'team' }))).toEqual({
      problem: 'no provider named team; add base_url to create it',
    });
    expect(resolver.resolve(entry({ providerName: 'Team!', baseUrl: 'https://x.example/v1' }))).toMatchObject(
      {
        problem: expect.stringMatching(/^name must be lowercase/),
      },
    );
    expect(resolver.resolve(entry({ providerName: 'team', baseUrl: 'https://t.example/v1' }))).toEqual({
      target: { id: null, name: 'team', type: 'openai', baseUrl: 'https://t.example/v1' },
    });
    expect(resolver.resolve(entry({ providerName: 'team', baseUrl: 'https://other.example/v1' }))).toEqual({
      problem: 'provider team is given two base URLs in this import',
    });
    expect(resolver.resolve(entry({ provider: 'team' }))).toMatchObject({ target: { name: 'team' } });
    expect(resolver.resolve(entry({ providerName: 'team' }))).toMatchObject({ target: { name: 'team' } });
  });

  it('refuses base URLs that are not plain http(s)', () => {
    const resolver = new ImportProviderResolver(existing);
    expect(resolver.resolve(entry({ baseUrl: 'https://u:p@x.example/v1' }))).toEqual({
      problem: 'base_url must not carry credentials; keys are stored separately',
    });
  });
});
