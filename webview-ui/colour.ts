// Colour arithmetic for the charts, without the DOM (so unit tests can reach it): a theme colour
// with a chosen alpha, whatever CSS form the theme gave it in.

/** A colour with alpha, for fills and matrix cells: works for #rgb, #rrggbb and rgb()/rgba(). */
export function withAlpha(colour: string, alpha: number): string {
  const c = colour.trim();
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})([0-9a-f]{2})?$/i.exec(c);
  if (hex) {
    const h = hex[1].length === 3 ? hex[1].split('').map((x) => x + x).join('') : hex[1];
    return `rgba(${parseInt(h.slice(0, 2), 16)}, ${parseInt(h.slice(2, 4), 16)}, ${parseInt(h.slice(4, 6), 16)}, ${alpha})`;
  }
  const rgb = /^rgba?\(([^,]+),([^,]+),([^,)]+)/i.exec(c);
  return rgb ? `rgba(${rgb[1].trim()}, ${rgb[2].trim()}, ${rgb[3].trim()}, ${alpha})` : c;
}
