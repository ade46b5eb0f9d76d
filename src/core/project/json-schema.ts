// The schema model as JSON Schema draft-07, published in schemas/ for Red Hat's YAML extension
// (contributed through `yamlValidation`). test/unit/core/project/json-schema.test.ts writes them
// (PONTE_WRITE_SCHEMAS=1) and fails while they differ from this output.
import type { SpecKind } from './types';
import type { SchemaNode } from './schema-model';
import { schemaFor } from './spec-schemas';
import { HTTP_PATH_PATTERN, NAME_PATTERN, PATTERN_MESSAGES, PROJECT_PATH_PATTERN } from './value-shapes';

type Json = Record<string, unknown>;

const TITLES: Record<SpecKind, { id: string; title: string }> = {
  ponte: { id: 'https://ponte.dev/schemas/ponte.schema.json', title: 'ponte.yaml' },
  dvc: { id: 'https://ponte.dev/schemas/dvc.schema.json', title: 'dvc.yaml' },
};

export function toJsonSchema(kind: SpecKind): Json {
  const body = convert(schemaFor[kind], kind === 'dvc');
  return { $schema: 'http://json-schema.org/draft-07/schema#', $id: TITLES[kind].id, title: TITLES[kind].title, ...body };
}

// In dvc.yaml any value may be a whole `${...}`, resolved before DVC reads it.
const INTERPOLATION: Json = { type: 'string', pattern: '^\\$\\{[^}]*\\}$', description: 'A `${...}` resolved from params.yaml or vars.' };

function convert(s: SchemaNode, templated: boolean): Json {
  const out: Json = {};
  if (s.description) out.description = s.description;
  switch (s.type) {
    case 'any':
      break;
    case 'union': {
      const options = (s.anyOf ?? []).map((o) => convert(o, templated));
      out.anyOf = options;
      break;
    }
    case 'object': {
      out.type = 'object';
      if (s.properties) {
        out.properties = Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, convert(v, templated)]));
      }
      if (s.values) out.additionalProperties = convert(s.values, templated);
      else out.additionalProperties = false;
      if (s.keyFormat === 'name') out.propertyNames = { pattern: NAME_PATTERN, patternErrorMessage: PATTERN_MESSAGES.name };
      if (s.required?.length) out.required = [...s.required];
      if (s.maxKeys !== undefined) out.maxProperties = s.maxKeys;
      const all: Json[] = [];
      if (s.requireOneOf) all.push({ anyOf: s.requireOneOf.map((k) => ({ required: [k] })) });
      for (const group of s.exclusive ?? []) {
        for (let i = 0; i < group.length; i++) for (let j = i + 1; j < group.length; j++) all.push({ not: { required: [group[i], group[j]] } });
      }
      if (all.length) out.allOf = all;
      break;
    }
    case 'array':
      out.type = 'array';
      if (s.items) out.items = convert(s.items, templated);
      break;
    default:
      out.type = s.type;
      if (s.enum) out.enum = [...s.enum];
      if (s.minimum !== undefined) out.minimum = s.minimum;
      if (s.maximum !== undefined) out.maximum = s.maximum;
      if (s.format === 'duration') out.pattern = '^\\d+(\\.\\d+)?\\s*(ms|s|m|h|d|w)$';
      if (s.format === 'gate-rule') out.pattern = '^\\s*(>=|<=|==|!=|>|<)\\s*';
      if (s.format === 'url') out.pattern = '^https?://';
      if (s.format === 'docker-target') out.pattern = '^docker(://([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:]+\\]):\\d{1,5})?$';
      if (s.format === 'memory') out.pattern = '^\\d+(\\.\\d+)?\\s*[bkmgBKMG]?$';
      if (s.format === 'name') out.pattern = NAME_PATTERN;
      if (s.format === 'http-path') out.pattern = HTTP_PATH_PATTERN;
      if (s.format === 'project-path') out.pattern = PROJECT_PATH_PATTERN;
      if (s.format === 'name' || s.format === 'http-path' || s.format === 'project-path') out.patternErrorMessage = PATTERN_MESSAGES[s.format];
  }
  if (s.default !== undefined) out.default = s.default;
  if (s.deprecated) out.deprecationMessage = s.deprecated;
  if (s.examples) out.examples = [...s.examples];
  if (s.enumDocs) out.markdownEnumDescriptions = Object.values(s.enumDocs);
  if (s.description) out.markdownDescription = s.description;
  if (templated && s.type !== 'any' && s.type !== 'string' && s.type !== 'union') {
    return { anyOf: [out, INTERPOLATION], ...(s.description ? { description: s.description } : {}) };
  }
  return out;
}
