import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { outboundAddressProblem } from '../providers/upstream-address.js';
import { type ChannelRequest } from './channel-request.js';

export interface SendResult {
  statusCode: number | null;
  error: string | null;
}

const ANSWER_EXCERPT_CHARS = 200;

function failureOf(error: unknown, timeoutMs: number): string {
  // Checked by name: the abort reason is a DOMException, which is no `Error` in every realm.
  const { name, message, cause } = error as {
    name?: string;
    message?: string;
    cause?: { code?: string; message?: string };
  };
  if (name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  return cause?.code ?? cause?.message ?? message ?? 'request failed';
}

/** One POST to a channel: a timeout on the whole exchange, no redirects followed, the address checked first. */
@Injectable()
export class ChannelSender {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Why deliveries to `url` are refused; undefined when they are allowed. */
  addressProblem(url: string): Promise<string | undefined> {
    return outboundAddressProblem(
      url,
      this.config.notifications.allowPrivateAddresses,
      'SWITCHYARD_ALLOW_PRIVATE_WEBHOOKS',
    );
  }

  async send(url: string, request: ChannelRequest): Promise<SendResult> {
    const problem = await this.addressProblem(url);
    if (problem) return { statusCode: null, error: `url ${problem}` };
    const { timeoutMs } = this.config.notifications;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: request.headers,
        body: request.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (response.status >= 200 && response.status < 300) {
        await response.body?.cancel();
        return { statusCode: response.status, error: null };
      }
      const answer = (await response.text().catch(() => ''))
        .slice(0, ANSWER_EXCERPT_CHARS)
        .replace(/\p{Cc}+|\p{Cs}/gu, ' ')
        .trim();
      const what = response.status >= 300 && response.status < 400 ? 'redirect, not followed' : 'not a 2xx';
      return { statusCode: response.status, error: answer ? `${what}: ${answer}` : what };
    } catch (error) {
      return { statusCode: null, error: failureOf(error, timeoutMs) };
    }
  }
}
