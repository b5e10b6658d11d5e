/** Escapes LIKE's wildcards (%, _) and its escape character, so user search text matches literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A LIKE pattern matching the text anywhere. */
export const containing = (text: string) => `%${escapeLike(text)}%`;
