import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { chatRequestSchema, messagesRequestSchema } from './proxy-request.schemas.js';
import { isPlainChatRequest, isPlainMessagesRequest } from './request-fast-checks.js';

const anyValue = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: -5, max: 20_000_000 }),
  fc.constantFrom(0, -1, 1.5, 10_000_000, 10_000_001),
  fc.double(),
  fc.string({ maxLength: 5 }),
  fc.constantFrom(' gpt ', 'openai/gpt-4o-mini', '', 'x'.repeat(301)),
  fc.array(fc.integer(), { maxLength: 2 }),
  fc.dictionary(fc.constantFrom('include_usage', 'role', 'content'), fc.oneof(fc.boolean(), fc.string()), {
    maxKeys: 2,
  }),
);

const message = fc.oneof(
  {
    arbitrary: fc.record({ role: fc.constantFrom('user', 'system'), content: fc.string({ maxLength: 5 }) }),
    weight: 6,
  },
  { arbitrary: anyValue, weight: 1 },
);

/** Mostly plausible values, so the fast path is taken often, with anything at all mixed in. */
const mostly = <T>(plausible: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: plausible, weight: 3 }, { arbitrary: anyValue, weight: 1 });

const body = fc.record(
  {
    model: mostly(fc.constantFrom('openai/gpt-4o-mini', 'anthropic/claude-sonnet-4', 'fast')),
    messages: mostly(fc.array(message, { minLength: 1, maxLength: 3 })),
    stream: mostly(fc.boolean()),
    max_tokens: mostly(fc.integer({ min: 1, max: 100_000 })),
    max_completion_tokens: mostly(fc.integer({ min: 1, max: 100_000 })),
    stream_options: mostly(fc.record({ include_usage: fc.boolean() }, { requiredKeys: [] })),
    temperature: anyValue,
  },
  { requiredKeys: [] },
);

/** JSON bodies have no `undefined` values; dropping them keeps the generated bodies honest. */
const asJson = (value: Record<string, unknown>) =>
  JSON.parse(JSON.stringify(value)) as Record<string, unknown>;

describe('the fast request checks', () => {
  it('accept a chat body only when the schema accepts it unchanged', () => {
    let accepted = 0;
    fc.assert(
      fc.property(body, (generated) => {
        const json = asJson(generated);
        if (!isPlainChatRequest(json)) return;
        accepted += 1;
        const parsed = chatRequestSchema.safeParse(json);
        expect(parsed.success).toBe(true);
        expect(parsed.data).toEqual(json);
      }),
      { numRuns: 3_000 },
    );
    // The property means something only if the fast path was taken often.
    expect(accepted).toBeGreaterThan(30);
  });

  it('accept a messages body only when the schema accepts it unchanged', () => {
    let accepted = 0;
    fc.assert(
      fc.property(body, (generated) => {
        const json = asJson(generated);
        if (!isPlainMessagesRequest(json)) return;
        accepted += 1;
        const parsed = messagesRequestSchema.safeParse(json);
        expect(parsed.success).toBe(true);
        expect(parsed.data).toEqual(json);
      }),
      { numRuns: 3_000 },
    );
    // The property means something only if the fast path was taken often.
    expect(accepted).toBeGreaterThan(30);
  });

  it('accept the requests SDKs send, so the schema is the exception', () => {
    const messages = [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
    ];
    expect(isPlainChatRequest({ model: 'openai/gpt-4o-mini', messages })).toBe(true);
    expect(
      isPlainChatRequest({
        model: 'openai/gpt-4o-mini',
        messages,
        stream: true,
        stream_options: { include_usage: true },
        max_tokens: 256,
      }),
    ).toBe(true);
    expect(isPlainMessagesRequest({ model: 'anthropic/claude-sonnet-4', messages, max_tokens: 1024 })).toBe(
      true,
    );
    expect(isPlainChatRequest({ model: ' openai/gpt-4o-mini', messages })).toBe(false);
    expect(isPlainMessagesRequest({ model: 'a/b', messages, max_tokens: null })).toBe(false);
  });
});
