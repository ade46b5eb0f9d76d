// The schema of each kind of pipeline file, looked up by kind.
import type { SpecKind } from './types';
import type { SchemaNode } from './schema-model';
import { dvcSchema } from './dvc-schema';
import { ponteSchema } from './ponte-schema';

export const schemaFor: Record<SpecKind, SchemaNode> = { ponte: ponteSchema, dvc: dvcSchema };
