/** Escapes LIKE wildcards so `?search=` matches its text literally (as a substring). */
export function likePattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
