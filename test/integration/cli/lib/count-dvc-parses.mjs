// Preloaded into the real CLI (`node --import`): writes one line per dvc.yaml parse, from the
// `ponte:dvc-parse` diagnostics channel, to the file named by PONTE_PARSE_LOG.
import { subscribe } from 'node:diagnostics_channel';
import { appendFileSync } from 'node:fs';

subscribe('ponte:dvc-parse', (message) => appendFileSync(process.env.PONTE_PARSE_LOG, `${message.file}\n`));
