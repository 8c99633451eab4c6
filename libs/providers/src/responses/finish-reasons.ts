import type { FinishReason } from './chat-result.js';

export function finishReasonFromOpenAI(reason: unknown): FinishReason | null {
  switch (reason) {
    case 'stop':
      return 'stop';
    case 'length':
      return 'length';
    case 'tool_calls':
    case 'function_call':
      return 'tool_calls';
    case 'content_filter':
      return 'content_filter';
    default:
      return typeof reason === 'string' ? 'stop' : null;
  }
}

export function finishReasonToOpenAI(reason: FinishReason): string {
  return reason === 'stop_sequence' ? 'stop' : reason;
}

export function finishReasonFromAnthropic(reason: unknown): FinishReason | null {
  switch (reason) {
    case 'end_turn':
    case 'pause_turn':
      return 'stop';
    case 'stop_sequence':
      return 'stop_sequence';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'refusal':
      return 'content_filter';
    default:
      return typeof reason === 'string' ? 'stop' : null;
  }
}

export function finishReasonToAnthropic(reason: FinishReason): string {
  switch (reason) {
    case 'stop':
      return 'end_turn';
    case 'stop_sequence':
      return 'stop_sequence';
    case 'length':
      return 'max_tokens';
    case 'tool_calls':
      return 'tool_use';
    case 'content_filter':
      return 'refusal';
  }
}

const GEMINI_FILTER_REASONS = new Set([
  'SAFETY',
  'RECITATION',
  'BLOCKLIST',
  'PROHIBITED_CONTENT',
  'SPII',
  'IMAGE_SAFETY',
  'LANGUAGE',
]);

/** Gemini says STOP after a function call too; the caller knows whether the answer held calls. */
export function finishReasonFromGemini(reason: unknown, hasToolCalls: boolean): FinishReason | null {
  if (typeof reason !== 'string' || reason === 'FINISH_REASON_UNSPECIFIED') return null;
  if (reason === 'MAX_TOKENS') return 'length';
  if (GEMINI_FILTER_REASONS.has(reason)) return 'content_filter';
  return hasToolCalls ? 'tool_calls' : 'stop';
}
