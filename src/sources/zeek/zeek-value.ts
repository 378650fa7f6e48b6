// One Zeek TSV cell to a typed value, by the column's Zeek type (#types), with Zeek's escaping.

export interface TsvConventions {
  separator: string;
  setSeparator: string;
  emptyField: string;
  unsetField: string;
}

export const DEFAULT_TSV: TsvConventions = { separator: '\t', setSeparator: ',', emptyField: '(empty)', unsetField: '-' };

/** Undoes Zeek's \xNN escaping. */
export function unescapeZeek(s: string): string {
  if (!s.includes('\\x')) return s;
  return s.replace(/\\x([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

export class ValueError extends Error {}

function scalar(type: string, s: string): unknown {
  switch (type) {
    case 'time':
    case 'interval':
    case 'double': {
      const n = Number(s);
      if (!Number.isFinite(n)) throw new ValueError(`"${s}" is not a number (${type})`);
      return n;
    }
    case 'count':
    case 'int':
    case 'port': {
      const n = Number(s);
      if (!Number.isInteger(n)) throw new ValueError(`"${s}" is not an integer (${type})`);
      return n;
    }
    case 'bool':
      if (s === 'T') return true;
      if (s === 'F') return false;
      throw new ValueError(`"${s}" is not T or F`);
    default:
      return unescapeZeek(s);
  }
}

export type CellParser = (cell: string) => unknown;

/** A parser for one column, decided once from its type (the hot path does no type dispatch). */
export function cellParser(type: string, c: TsvConventions): CellParser {
  const container = /^(set|vector|table)\[(.+)\]$/.exec(type);
  if (container) {
    const inner = container[2]!;
    return (cell) => (cell === c.unsetField ? undefined : cell === c.emptyField ? [] : cell.split(c.setSeparator).map((x) => scalar(inner, x)));
  }
  if (type === 'string' || type === 'enum') return (cell) => (cell === c.unsetField ? undefined : cell === c.emptyField ? '' : unescapeZeek(cell));
  return (cell) => (cell === c.unsetField ? undefined : scalar(type, cell));
}
