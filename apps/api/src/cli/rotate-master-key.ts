import 'reflect-metadata';
import 'dotenv/config';
import { runRotateMasterKey } from './rotate-master-key.command.js';

runRotateMasterKey(process.env, (line) => console.log(line)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`rotate-master-key: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
