import { ApiClient, checkShape } from '../api-client.js';
import { chatCompletionSchema } from '../api-responses.js';
import { type OptionSpecs } from '../args.js';
import { defineCommand } from '../command.js';
import { API_URL_OPTION, TOKEN_OPTION, envValue, requireToken, resolveApiUrl } from '../connection.js';
import { EXIT_OK, UsageError } from '../errors.js';
import { type ChatSummary, formatChatSummary, numericHeader } from '../output/chat-summary.js';
import { type Terminal, readPipedInput } from '../terminal.js';
import { relayChatStream } from './chat-stream.js';

const PATH = '/v1/chat/completions';

const options = {
  model: {
    type: 'string',
    short: 'm',
    valueName: 'provider/model',
    description: 'the model or alias to call (default: $SWITCHYARD_MODEL)',
  },
  system: {
    type: 'string',
    short: 's',
    valueName: 'text',
    description: 'a system message sent before yours',
  },
  stream: { type: 'boolean', description: 'print the answer as it arrives' },
  ...API_URL_OPTION,
  ...TOKEN_OPTION,
} satisfies OptionSpecs;

export const chatCommand = defineCommand({
  name: 'chat',
  summary: 'send one message through the gateway and print the answer',
  usage: '[options] [message]',
  details: [
    'Calls POST /v1/chat/completions with the proxy token. The message is the arguments joined by spaces, or stdin when there are none.',
    'The answer goes to stdout; a summary (model, tokens, upstream attempts, gateway overhead) goes to stderr.',
  ],
  options,
  async run({ options, positionals, terminal }) {
    const apiUrl = resolveApiUrl(options['api-url'], terminal.env);
    const token = requireToken(options.token, terminal.env, 'chat');
    const model = options.model ?? envValue(terminal.env, 'SWITCHYARD_MODEL');
    if (model === undefined) {
      throw new UsageError(
        'chat needs a model: pass --model provider/model or set SWITCHYARD_MODEL (switchyard models lists them)',
      );
    }
    const message = await messageFrom(positionals, terminal);
    const messages = [
      ...(options.system === undefined ? [] : [{ role: 'system', content: options.system }]),
      { role: 'user', content: message },
    ];
    const stream = options.stream === true;
    const client = new ApiClient(apiUrl);
    const response = await client.send('POST', PATH, {
      bearer: token,
      // Without include_usage an OpenAI-format stream carries no token counts for the summary.
      body: stream
        ? { model, messages, stream, stream_options: { include_usage: true } }
        : { model, messages, stream },
    });
    if (!response.ok) throw await client.errorFrom(response, `POST ${PATH}`);
    const gateway = {
      attempts: numericHeader(response.headers, 'x-switchyard-attempts'),
      overheadMs: numericHeader(response.headers, 'x-switchyard-overhead-ms'),
    };
    let summary: ChatSummary;
    if (stream) {
      const answer = await relayChatStream(response, terminal.stdout);
      summary = { model: servedModel(model, answer.model), usage: answer.usage, ...gateway };
    } else {
      const json = await client.readJson(response, `POST ${PATH}`);
      const body = checkShape(chatCompletionSchema, json, `POST ${PATH}`, response.status);
      const text = body.choices.map((choice) => choice.message.content ?? '').join('');
      terminal.stdout.write(text.endsWith('\n') || text === '' ? text : `${text}\n`);
      summary = { model: servedModel(model, body.model), usage: body.usage ?? null, ...gateway };
    }
    terminal.stderr.write(`${formatChatSummary(summary)}\n`);
    return EXIT_OK;
  },
});

async function messageFrom(positionals: string[], terminal: Terminal): Promise<string> {
  if (positionals.length > 0) return positionals.join(' ');
  const piped = await readPipedInput(terminal.stdin);
  if (piped === null) {
    throw new UsageError('chat needs a message: pass it as an argument or pipe it on stdin');
  }
  if (piped.trim() === '') throw new UsageError('chat got an empty message on stdin');
  return piped.trim();
}

/** The model asked for, plus what actually answered when that reads differently (an alias, a dated version). */
export function servedModel(requested: string, reported: string | undefined): string {
  const same = reported === undefined || reported === requested || requested.endsWith(`/${reported}`);
  return same ? requested : `${requested} → ${reported}`;
}
