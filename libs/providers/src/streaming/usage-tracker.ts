import { estimateTextTokens } from '../usage/token-estimator.js';
import type { NormalizedUsage } from '../usage/normalized-usage.js';

/** Holds the usage an upstream reported, or falls back to an estimate from the prompt and the streamed output. */
export class UsageTracker {
  private reported: NormalizedUsage | undefined;
  private completionText = '';

  constructor(private readonly estimatePromptTokens: () => number) {}

  report(usage: NormalizedUsage): void {
    this.reported = usage;
  }

  get hasReport(): boolean {
    return this.reported !== undefined;
  }

  addCompletionText(text: string): void {
    if (this.reported === undefined) this.completionText += text;
  }

  current(): NormalizedUsage {
    if (this.reported) return this.reported;
    return {
      promptTokens: this.estimatePromptTokens(),
      completionTokens: estimateTextTokens(this.completionText),
      cachedTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
      estimated: true,
    };
  }
}
