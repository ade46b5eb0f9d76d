// Writes schemas/ponte.schema.json and schemas/dvc.schema.json from the schema model in
// src/core/spec. Run `npx tsx schemas/generate.ts` after changing the model; a unit test fails
// while the files are stale.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toJsonSchema } from '../src/core/spec';

for (const kind of ['ponte', 'dvc'] as const) {
  const file = join(__dirname, `${kind}.schema.json`);
  writeFileSync(file, `${JSON.stringify(toJsonSchema(kind), null, 2)}\n`);
  console.log(`wrote ${file}`);
}
