import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { ApiError } from './api-errors';
import { checkbox, failedFormState, optionalInteger, parseForm, textList, usdAmount } from './forms';

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  return data;
}

const schema = z.object({
  limitUsd: usdAmount(0, 1000),
  rpm: optionalInteger(1, 100),
  models: textList(3, 50),
  validate: checkbox,
});

describe('parseForm', () => {
  it('turns form text into typed values', () => {
    const parsed = parseForm(
      schema,
      form({ limitUsd: '$1,000', rpm: '', models: 'a, b\nb\n', validate: 'on' }),
    );
    expect(parsed).toEqual({
      success: true,
      data: { limitUsd: 1000, rpm: undefined, models: ['a', 'b'], validate: true },
      values: { limitUsd: '$1,000', rpm: '', models: 'a, b\nb\n', validate: 'on' },
    });
  });

  it('names each refused field once, in words', () => {
    const parsed = parseForm(schema, form({ limitUsd: '1.1234567', rpm: '0', models: 'a,b,c,d' }));
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(parsed.state.fieldErrors).toEqual({
      limitUsd: 'Enter a number with at most 6 decimals, like 25 or 0.50.',
      rpm: 'Enter at least 1.',
      models: 'List at most 3 entries.',
    });
  });

  it('never echoes secrets back to the browser', () => {
    const parsed = parseForm(
      z.object({ secret: z.string().min(100) }),
      form({ secret: 'sk-live-123', label: 'x' }),
    );
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(parsed.state.values).toEqual({ label: 'x' });
  });
});

describe('failedFormState', () => {
  it('puts an API field error next to its input, without the API prefix', () => {
    const error = new ApiError({
      status: 400,
      message: 'Invalid body: limitUsd: must have at most 6 decimal places',
      param: 'limitUsd',
    });
    expect(failedFormState(error, { limitUsd: '1' })).toMatchObject({
      status: 'error',
      fieldErrors: { limitUsd: 'Must have at most 6 decimal places' },
    });
  });

  it('keeps an error about something not on the form as the form message', () => {
    const error = new ApiError({
      status: 409,
      message: 'This key is already stored for openai',
      param: 'secret',
    });
    expect(failedFormState(error, { label: 'x' }, ['label'])).toEqual({
      status: 'error',
      message: 'This key is already stored for openai.',
      values: { label: 'x' },
    });
  });
});
