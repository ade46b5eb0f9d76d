// The comment line an exported YAML file opens with. Names from ponte.yaml go into it, and a line
// break in one (YAML 1.1 also ends lines at NEL, LS and PS) would turn its rest into YAML content.
const LINE_ENDS = /[\u0000-\u001f\u007f\u0085\u2028\u2029]/g;

/** `# text` on one line, any line break or control character in `text` shown as a space. */
export function yamlComment(text: string): string {
  return `# ${text.replace(LINE_ENDS, ' ')}\n`;
}
