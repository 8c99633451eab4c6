import { Injectable } from '@nestjs/common';
import { REQUEST_BODY_MAX_BYTES } from '@switchyard/contracts';
import { type RecordedBody } from '../usage/usage-event.js';
import { type BodyCapture } from './body-capture.js';
import { BodyRedactor } from './body-redactor.js';
import { reassembleStream } from './stream-reassembly.js';

/** Text cut to at most `maxBytes` of UTF-8; a character split by the cut is dropped. */
function cut(text: string, maxBytes: number): { text: string; cut: boolean } {
  if (text.length * 3 <= maxBytes) return { text, cut: false };
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return { text, cut: false };
  return {
    text: bytes
      .subarray(0, maxBytes)
      .toString('utf8')
      .replace(/\uFFFD$/, ''),
    cut: true,
  };
}

/**
 * Turns a request's captured bodies into what is stored: a stream reassembled into one answer, everything
 * redacted, then each body cut to `REQUEST_BODY_MAX_BYTES`. Runs at settlement, after the client has its answer.
 */
@Injectable()
export class BodyRecording {
  constructor(private readonly redactor: BodyRedactor) {}

  recorded(
    capture: BodyCapture,
    endpoint: string,
    stream: boolean,
    secrets: readonly string[],
  ): RecordedBody {
    const answer = capture.response;
    const response = stream ? reassembleStream(endpoint, answer.text) : answer.text;
    const request = cut(this.redactor.redact(capture.request, secrets), REQUEST_BODY_MAX_BYTES);
    const kept = cut(this.redactor.redact(response, secrets), REQUEST_BODY_MAX_BYTES);
    return {
      request: request.text,
      response: kept.text,
      requestTruncated: capture.requestCut || request.cut,
      responseTruncated: answer.cut || kept.cut,
    };
  }
}
