// Random but reproducible damage to YAML text, for the fuzz tests: the kind of half-typed and
// mistyped states a file passes through in an editor.

export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INSERTS = [':', '-', ' ', '  ', '\n', '[', ']', '{', '}', '"', "'", '#', '&a', '*a', '!', '|', '>', '${', '}', '${x}', ',', '\t', '?', '@', 'x', '0', '\\', '<<: ', '---\n'];

export function mutate(text: string, rand: () => number): string {
  let t = text;
  const steps = 1 + Math.floor(rand() * 3);
  for (let s = 0; s < steps; s++) {
    const pos = Math.floor(rand() * (t.length + 1));
    const lines = t.split('\n');
    const li = Math.floor(rand() * lines.length);
    switch (Math.floor(rand() * 7)) {
      case 0:
        t = t.slice(0, pos) + INSERTS[Math.floor(rand() * INSERTS.length)] + t.slice(pos);
        break;
      case 1:
        t = t.slice(0, pos) + t.slice(pos + 1 + Math.floor(rand() * 5));
        break;
      case 2:
        lines.splice(li, 0, lines[li] ?? '');
        t = lines.join('\n');
        break;
      case 3:
        lines.splice(li, 1);
        t = lines.join('\n');
        break;
      case 4:
        lines[li] = rand() < 0.5 ? ` ${lines[li]}` : (lines[li] ?? '').replace(/^ /, '');
        t = lines.join('\n');
        break;
      case 5: {
        const lj = Math.floor(rand() * lines.length);
        [lines[li], lines[lj]] = [lines[lj], lines[li]];
        t = lines.join('\n');
        break;
      }
      default:
        t = t.slice(0, pos);
    }
  }
  return t;
}
