import { Injectable } from '@nestjs/common';
import { redactSecrets } from '@switchyard/providers';
import { SettingsService } from '../settings/settings.service.js';

/** Switchyard's own secrets, wherever a client pasted them: proxy tokens and admin API keys. */
const GATEWAY_SECRETS = /\bsya?-[A-Za-z0-9]{20,}/g;

interface CompiledRedaction {
  pattern: RegExp;
  replacement: string;
}

/**
 * Redacts a logged body: the provider key the request used, anything shaped like a provider key, proxy token or
 * admin API key, always; then each pattern an admin configured in `/admin/settings` (`bodyLogRedactions`), whose
 * matches become `[redacted:<name>]`. Patterns are compiled once per change of the setting.
 */
@Injectable()
export class BodyRedactor {
  private compiledFrom: readonly { name: string; pattern: string }[] | undefined;
  private compiled: CompiledRedaction[] = [];

  constructor(private readonly settings: SettingsService) {}

  redact(text: string, secrets: readonly string[]): string {
    let result = text;
    for (const secret of secrets) result = redactSecrets(result, secret);
    result = redactSecrets(result).replace(GATEWAY_SECRETS, '[redacted]');
    for (const { pattern, replacement } of this.patterns()) result = result.replace(pattern, replacement);
    return result;
  }

  private patterns(): CompiledRedaction[] {
    const configured = this.settings.bodyLogRedactions();
    if (configured !== this.compiledFrom) {
      this.compiledFrom = configured;
      // Validated when written; a pattern that no longer compiles (a hand edit) is left out, not fatal.
      this.compiled = configured.flatMap(({ name, pattern }) => {
        try {
          return [{ pattern: new RegExp(pattern, 'gu'), replacement: `[redacted:${name}]` }];
        } catch {
          return [];
        }
      });
    }
    return this.compiled;
  }
}
