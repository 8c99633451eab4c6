import { type Command } from '../command.js';
import { chatCommand } from './chat.js';
import { importCommand } from './import-keys.js';
import { modelsCommand } from './models.js';
import { statusCommand } from './status.js';
import { testCommand } from './test-key.js';

export const COMMANDS: readonly Command[] = [
  chatCommand,
  modelsCommand,
  statusCommand,
  testCommand,
  importCommand,
];

export const findCommand = (name: string) => COMMANDS.find((command) => command.name === name);
