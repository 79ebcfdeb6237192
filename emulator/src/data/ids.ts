/**
 * Salesforce record ids: 15 case-sensitive characters (3-character key prefix, then an
 * org-specific part and a counter), and the 18-character form whose 3 last characters
 * encode, per 5-character chunk, which characters are upper-case.
 */
const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const ID_CHARS = /^[a-zA-Z0-9]{15}(?:[A-Z0-5]{3})?$/;
/** 15 or 18 letters and digits, whatever the suffix: the shape Apex accepts before checking it. */
export const ID_SHAPE = /^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/;

/** The 3-character case-safe suffix of a 15-character id. */
export function idChecksum(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let flags = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15.charCodeAt(chunk * 5 + i);
      if (c >= 65 && c <= 90) flags |= 1 << i;
    }
    suffix += SUFFIX_ALPHABET[flags];
  }
  return suffix;
}

/** True for a well-formed 15- or 18-character id (an 18-character one must carry the right suffix). */
export function isValidId(value: string): boolean {
  if (!ID_CHARS.test(value)) return false;
  return value.length === 15 || idChecksum(value.slice(0, 15)) === value.slice(15);
}

/** The 18-character form of a 15- or 18-character id; null when the text is not an id. */
export function to18(value: string): string | null {
  if (value.length === 18) return isValidId(value) ? value : null;
  if (value.length === 15 && ID_CHARS.test(value)) return value + idChecksum(value);
  return null;
}

/** Two ids are the same record when their first 15 characters match exactly. */
export function sameId(a: string, b: string): boolean {
  return a.slice(0, 15) === b.slice(0, 15);
}

/** `<prefix>` + `0000` + a 8-character base-62 counter: 15 characters, then the suffix. */
export function makeId(prefix: string, counter: number): string {
  let n = counter;
  let digits = '';
  do {
    digits = BASE62[n % 62] + digits;
    n = Math.floor(n / 62);
  } while (n > 0);
  const id15 = `${prefix}0000${digits.padStart(8, '0')}`;
  if (id15.length !== 15) throw new Error(`id counter overflow for prefix ${prefix}`);
  return id15 + idChecksum(id15);
}
