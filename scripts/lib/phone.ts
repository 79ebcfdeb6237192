/**
 * The phone match key of SPEC §5, in TypeScript: the E.164 number as digits only, without
 * `+`. It computes the expected result of the migration, so it follows the same rules as the
 * Apex PhoneNormalizer (force-app/main/default/classes/phone/); scripts/test/phone.test.ts
 * pins the SPEC table.
 *
 * Rules, in order:
 *  - blank is unparseable; `(0)` (the optional trunk zero in `+44 (0)7700…`) is dropped;
 *  - letters make it unparseable; every other non-digit is ignored;
 *  - fewer than 7 digits is unparseable;
 *  - a leading `+` means the digits already start with the country code; a leading `00` is
 *    the international prefix (and `011` for NANP countries);
 *  - NANP (calling code 1): 10 digits get the `1`; 11 or more are kept; fewer are incomplete;
 *  - elsewhere a single leading `0` is the national trunk prefix of the default country; a
 *    number that already starts with the calling code (and is long enough) is kept; any other
 *    gets the calling code;
 *  - a key that starts with 0 is incomplete; more than 15 digits is unparseable.
 */

export interface CountryRule {
  readonly callingCode: string;
  readonly hasTrunkPrefix: boolean;
}

/** The default countries supported, as in the Apex PhoneNormalizer. */
export const COUNTRIES: Readonly<Record<string, CountryRule>> = {
  US: { callingCode: '1', hasTrunkPrefix: false },
  CA: { callingCode: '1', hasTrunkPrefix: false },
  GB: { callingCode: '44', hasTrunkPrefix: true },
  IE: { callingCode: '353', hasTrunkPrefix: true },
  AU: { callingCode: '61', hasTrunkPrefix: true },
  NZ: { callingCode: '64', hasTrunkPrefix: true },
  IN: { callingCode: '91', hasTrunkPrefix: true },
  DE: { callingCode: '49', hasTrunkPrefix: true },
  FR: { callingCode: '33', hasTrunkPrefix: true },
  NL: { callingCode: '31', hasTrunkPrefix: true },
  BE: { callingCode: '32', hasTrunkPrefix: true },
  CH: { callingCode: '41', hasTrunkPrefix: true },
  AT: { callingCode: '43', hasTrunkPrefix: true },
  SE: { callingCode: '46', hasTrunkPrefix: true },
  ZA: { callingCode: '27', hasTrunkPrefix: true },
  JP: { callingCode: '81', hasTrunkPrefix: true },
  ES: { callingCode: '34', hasTrunkPrefix: false },
  IT: { callingCode: '39', hasTrunkPrefix: false },
  SG: { callingCode: '65', hasTrunkPrefix: false },
  MX: { callingCode: '52', hasTrunkPrefix: false }
};

export type PhoneKeyResult =
  { readonly ok: true; readonly key: string } | { readonly ok: false; readonly reason: string };

const LETTERS = /[A-Za-z]/;
const MIN_DIGITS = 7;
const MAX_DIGITS = 15;

export function countryRule(country: string): CountryRule {
  const rule = COUNTRIES[country.trim().toUpperCase()];
  if (!rule) {
    throw new Error(
      `unsupported default country "${country}" (supported: ${Object.keys(COUNTRIES).join(', ')})`
    );
  }
  return rule;
}

function unparseable(typed: string, why: string): PhoneKeyResult {
  return { ok: false, reason: `unparseable phone "${typed}": ${why}` };
}

export function phoneKey(typed: string | null | undefined, defaultCountry = 'US'): PhoneKeyResult {
  const rule = countryRule(defaultCountry);
  const original = typed ?? '';
  if (original.trim() === '') return unparseable(original, 'empty phone number');
  const text = original.trim().replace(/\(0\)/g, '');
  if (LETTERS.test(text)) return unparseable(original, 'phone number contains letters');
  const digits = text.replace(/[^0-9]/g, '');
  if (digits.length < MIN_DIGITS) return unparseable(original, `fewer than ${MIN_DIGITS} digits`);
  const key = toKey(text.startsWith('+'), digits, rule);
  if (key === null || key.startsWith('0')) {
    return unparseable(original, 'not a complete national number');
  }
  if (key.length > MAX_DIGITS) return unparseable(original, `more than ${MAX_DIGITS} digits`);
  return { ok: true, key };
}

function toKey(international: boolean, digits: string, rule: CountryRule): string | null {
  if (international) return digits;
  if (digits.startsWith('00')) return digits.slice(2);
  if (rule.callingCode === '1') {
    if (digits.startsWith('011')) return digits.slice(3);
    if (digits.length === 10) return '1' + digits;
    return digits.length >= 11 ? digits : null;
  }
  if (digits.startsWith('0')) {
    return rule.callingCode + (rule.hasTrunkPrefix ? digits.slice(1) : digits);
  }
  if (digits.startsWith(rule.callingCode) && digits.length >= rule.callingCode.length + 8) {
    return digits;
  }
  return rule.callingCode + digits;
}
