import { type Command, Option } from 'commander';
import { checkShape } from '../api-client.js';
import { chatCompletionSchema } from '../api-responses.js';
import { envValue } from '../connection.js';
import { type CliContext } from '../context.js';
import { UsageError } from '../errors.js';
import { chatLocally } from '../local/local-chat.js';
import { globalsOf, isLocal, tokenClient, withLocalGateway } from '../modes.js';
import { type ChatSummary, formatChatSummary, numericHeader } from '../output/chat-summary.js';
import { readPipedInput } from '../terminal.js';
import { relayChatStream } from './chat-stream.js';
import { parsePositiveInteger, parseTemperature } from './options.js';

const PATH = '/v1/chat/completions';

interface ChatOptions {
  model?: string;
  prompt?: string;
  system?: string;
  systemPrompt?: string;
  temperature?: number;
  maxTokens?: number;
  stream?: boolean;
}

export function registerChat(program: Command, context: CliContext): void {
  program
    .command('chat')
    .summary('send one message and print the answer')
    .description(
      'Sends one message to POST /v1/chat/completions with the proxy token, or with --config straight to the ' +
        "providers through the file's keys. The answer goes to stdout; a summary (model, tokens, attempts) to stderr.",
    )
    .argument('[message...]', 'the message (or --prompt, or stdin)')
    .option('-m, --model <provider/model>', 'the model or alias to call (default: $SWITCHYARD_MODEL)')
    .option('-p, --prompt <text>', 'the message, as an option')
    .option('-s, --system <text>', 'a system message sent before yours')
    .addOption(new Option('--system-prompt <text>', 'the same as --system'))
    .option('-t, --temperature <number>', 'sampling temperature, 0 to 2, sent as given', parseTemperature)
    .option(
      '--max-tokens <count>',
      'the most tokens the answer may have, sent as given',
      parsePositiveInteger,
    )
    .option('--stream', 'print the answer as it arrives')
    .action(async (words: string[], options: ChatOptions, command: Command) => {
      const globals = globalsOf(command);
      const model = options.model ?? envValue(context.terminal.env, 'SWITCHYARD_MODEL');
      if (model === undefined) {
        throw new UsageError(
          'chat needs a model: pass --model provider/model or set SWITCHYARD_MODEL (switchyard models lists them)',
        );
      }
      const body = {
        model,
        messages: [
          ...(systemOf(options) === undefined ? [] : [{ role: 'system', content: systemOf(options) }]),
          { role: 'user', content: await messageOf(words, options, context) },
        ],
        ...(options.temperature === undefined ? {} : { temperature: options.temperature }),
        ...(options.maxTokens === undefined ? {} : { max_tokens: options.maxTokens }),
        stream: options.stream === true,
        // Without include_usage an OpenAI-format stream carries no token counts for the summary.
        ...(options.stream ? { stream_options: { include_usage: true } } : {}),
      };
      const summary = isLocal(globals)
        ? await withLocalGateway(globals, async (gateway) => {
            const answer = await chatLocally(gateway, body, context.terminal.stdout);
            const key = gateway.key(answer.keyId);
            return {
              model: servedModel(model, answer.model),
              usage: answer.usage,
              attempts: answer.attempts,
              overheadMs: null,
              key: key?.label ?? answer.keyId,
            };
          })
        : await chatThroughApi(body, globals, context);
      context.note(formatChatSummary(summary));
    });
}

async function chatThroughApi(
  body: Record<string, unknown> & { model: string; stream: boolean },
  globals: ReturnType<typeof globalsOf>,
  context: CliContext,
): Promise<ChatSummary> {
  const { client, token } = tokenClient(globals, context.terminal.env, 'chat');
  const response = await client.send('POST', PATH, { bearer: token, body });
  if (!response.ok) throw await client.errorFrom(response, `POST ${PATH}`);
  const gateway = {
    attempts: numericHeader(response.headers, 'x-switchyard-attempts'),
    overheadMs: numericHeader(response.headers, 'x-switchyard-overhead-ms'),
  };
  if (body.stream) {
    const answer = await relayChatStream(response, context.terminal.stdout);
    return { model: servedModel(body.model, answer.model), usage: answer.usage, ...gateway };
  }
  const json = await client.readJson(response, `POST ${PATH}`);
  const completion = checkShape(chatCompletionSchema, json, `POST ${PATH}`, response.status);
  const text = completion.choices.map((choice) => choice.message.content ?? '').join('');
  context.terminal.stdout.write(text.endsWith('\n') || text === '' ? text : `${text}\n`);
  return { model: servedModel(body.model, completion.model), usage: completion.usage ?? null, ...gateway };
}

function systemOf(options: ChatOptions): string | undefined {
  if (
    options.system !== undefined &&
    options.systemPrompt !== undefined &&
    options.system !== options.systemPrompt
  ) {
    throw new UsageError('--system and --system-prompt are the same option; give it once');
  }
  return options.system ?? options.systemPrompt;
}

async function messageOf(words: string[], options: ChatOptions, context: CliContext): Promise<string> {
  if (options.prompt !== undefined && words.length > 0) {
    throw new UsageError('give the message once: as --prompt or as arguments');
  }
  if (options.prompt !== undefined) {
    if (options.prompt.trim() === '') throw new UsageError('--prompt is empty');
    return options.prompt;
  }
  if (words.length > 0) return words.join(' ');
  const piped = await readPipedInput(context.terminal.stdin);
  if (piped === null) {
    throw new UsageError('chat needs a message: pass it as an argument or --prompt, or pipe it on stdin');
  }
  if (piped.trim() === '') throw new UsageError('chat got an empty message on stdin');
  return piped.trim();
}

/** The model asked for, plus what actually answered when that reads differently (an alias, a dated version). */
export function servedModel(requested: string, reported: string | undefined): string {
  const same = reported === undefined || reported === requested || requested.endsWith(`/${reported}`);
  return same ? requested : `${requested} → ${reported}`;
}
