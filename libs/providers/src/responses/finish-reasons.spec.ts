import { describe, expect, it } from '@jest/globals';
import {
  finishReasonFromAnthropic,
  finishReasonFromGemini,
  finishReasonFromOpenAI,
  finishReasonToAnthropic,
  finishReasonToOpenAI,
} from './finish-reasons.js';

describe('finish reasons', () => {
  it.each([
    ['stop', 'stop', 'end_turn'],
    ['length', 'length', 'max_tokens'],
    ['tool_calls', 'tool_calls', 'tool_use'],
    ['function_call', 'tool_calls', 'tool_use'],
    ['content_filter', 'content_filter', 'refusal'],
  ])('OpenAI %s → %s → Anthropic %s', (openai, neutral, anthropic) => {
    const reason = finishReasonFromOpenAI(openai);
    expect(reason).toBe(neutral);
    expect(finishReasonToAnthropic(reason as never)).toBe(anthropic);
  });

  it.each([
    ['end_turn', 'stop', 'stop'],
    ['stop_sequence', 'stop_sequence', 'stop'],
    ['max_tokens', 'length', 'length'],
    ['model_context_window_exceeded', 'length', 'length'],
    ['tool_use', 'tool_calls', 'tool_calls'],
    ['refusal', 'content_filter', 'content_filter'],
    ['pause_turn', 'stop', 'stop'],
  ])('Anthropic %s → %s → OpenAI %s', (anthropic, neutral, openai) => {
    const reason = finishReasonFromAnthropic(anthropic);
    expect(reason).toBe(neutral);
    expect(finishReasonToOpenAI(reason as never)).toBe(openai);
  });

  it.each([
    ['STOP', false, 'stop'],
    ['STOP', true, 'tool_calls'],
    ['MAX_TOKENS', false, 'length'],
    ['SAFETY', false, 'content_filter'],
    ['RECITATION', false, 'content_filter'],
    ['PROHIBITED_CONTENT', false, 'content_filter'],
    ['MALFORMED_FUNCTION_CALL', false, 'stop'],
    ['FINISH_REASON_UNSPECIFIED', false, null],
    [undefined, false, null],
  ])('Gemini %s (tool calls: %s) → %s', (gemini, hasToolCalls, expected) => {
    expect(finishReasonFromGemini(gemini, hasToolCalls)).toBe(expected);
  });

  it('treats a missing reason as not finished', () => {
    expect(finishReasonFromOpenAI(null)).toBeNull();
    expect(finishReasonFromAnthropic(null)).toBeNull();
  });
});
