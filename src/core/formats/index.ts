// File formats shared by several capabilities: params files as DVC reads them (YAML, JSON, TOML,
// params.py), YAML written as ruamel.yaml writes it, and JSON error positions.
export { readParamsFile, parseParamsText, selectParams, lookupParam, readTextFile, jsonError, type ParamsTree } from './params-file';
export { PyFloat, PyDate, pyFloatRepr, pyEqual, plainOf, flattenWithDots, pyValueOfNode, isPyMapping, type PyValue } from './py-values';
export { formatRuamelYaml, type RuamelValue } from './ruamel-yaml';
export { ruamelStyle, isSpecial, YAML12_NOT_STR, type ScalarStyle } from './ruamel-style';
export { parseTomlParams, readTomlParamsText, TomlError } from './toml-params';
export { jsonErrorOffset } from './json-error';
export { parseDuration, DURATION_PATTERN } from './duration';
