// The shapes of the values ponte.yaml hands on to other systems: names (of deployments, datasets,
// the model) become parts of container names, Docker labels, URLs and Prometheus labels; HTTP
// paths become requests; output paths become writes. One definition each, for validation and for
// the published JSON Schema, with the text a message shows and a way out.

/** Docker's container-name alphabet, at most 63 characters (a DNS label, a Kubernetes name). */
export const NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$';
const NAME = new RegExp(NAME_PATTERN);
export const NAME_RULE = 'letters, digits, "_", "." and "-", starting with a letter or digit, at most 63 characters';

/** What an editor shows for a value that fails each pattern (`patternErrorMessage`, read by VS Code's YAML and JSON support). */
export const PATTERN_MESSAGES = {
  name: `Only ${NAME_RULE}: the name becomes part of container names, Docker labels, URLs and Prometheus labels.`,
  'http-path': 'An HTTP path that starts with "/" and holds no spaces, such as "/health".',
  'project-path': 'A path inside the project: relative to the folder of ponte.yaml, without "..".',
} as const;

/** An absolute HTTP path, without whitespace: it is appended to the container's address. */
export const HTTP_PATH_PATTERN = '^/\\S*$';
const HTTP_PATH = new RegExp(HTTP_PATH_PATTERN);

/** Relative, and no `..` segment: it stays inside the folder of ponte.yaml (either separator; no drive letter). */
export const PROJECT_PATH_PATTERN = '^(?![/\\\\])(?![A-Za-z]:)(?!(?:.*[/\\\\])?\\.\\.(?:[/\\\\]|$))';
const PROJECT_PATH = new RegExp(PROJECT_PATH_PATTERN);

export function isSafeName(s: string): boolean {
  return NAME.test(s);
}

/** The name with what is not allowed replaced, for "rename it, e.g. ...". */
export function safeNameLike(s: string): string {
  const fixed = s.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '').replace(/-+$/, '').slice(0, 63);
  return fixed || 'main';
}

export function isHttpPath(s: string): boolean {
  return HTTP_PATH.test(s);
}

export function isProjectPath(s: string): boolean {
  return PROJECT_PATH.test(s);
}
