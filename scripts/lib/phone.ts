/**
 * The phone match key of SPEC §5, in TypeScript: the E.164 number as digits only, without
 * `+`. The Apex normalizer (force-app/.../classes/phone/) follows the same table; this one
 * computes the expected result of the migration and is pinned by scripts/test/phone.test.ts.
 *
 * Rules, in order:
 *  - only digits, spaces and `+ - . ( ) /` may appear; anything else (letters) is unparseable;
 *  - `(0)` after an international prefix is the optional trunk zero and is dropped;
 *  - a leading `+` or `00` means the digits that follow already start with a country code;
 *  - a single leading `0` is the national trunk prefix of the default country;
 *  - otherwise a number of the default country's national length gets its calling code;
 *    a longer one that starts with the calling code is kept as is;
 *  - fewer than 7 or more than 15 digits is unparseable.
 */

export interface CountryRule {
  readonly callingCode: string;
  /** Digits of a national significant number (without trunk prefix). */
  readonly nationalLength: number;
}

/** The default countries supported for normalization. */
export const COUNTRIES: Readonly<Record<string, CountryRule>> = {
  US: { callingCode: '1', nationalLength: 10 },
  CA: { callingCode: '1', nationalLength: 10 },
  GB: { callingCode: '44', nationalLength: 10 },
  AU: { callingCode: '61', nationalLength: 9 },
  IN: { callingCode: '91', nationalLength: 10 },
  DE: { callingCode: '49', nationalLength: 11 },
  FR: { callingCode: '33', nationalLength: 9 }
};

export type PhoneKeyResult =
  { readonly ok: true; readonly key: string } | { readonly ok: false; readonly reason: string };

const ALLOWED = /^[0-9\s+\-.()/]*$/;
const MIN_DIGITS = 7;
const MAX_DIGITS = 15;

export function countryRule(country: string): CountryRule {
  const rule = COUNTRIES[country.toUpperCase()];
  if (!rule) {
    throw new Error(
      `unsupported default country "${country}" (supported: ${Object.keys(COUNTRIES).join(', ')})`
    );
  }
  return rule;
}

export function phoneKey(typed: string | null | undefined, defaultCountry = 'US'): PhoneKeyResult {
  const rule = countryRule(defaultCountry);
  const text = (typed ?? '').trim();
  if (text === '') return { ok: false, reason: 'unparseable phone: empty' };
  if (!ALLOWED.test(text)) return { ok: false, reason: `unparseable phone: "${text}"` };
  const international = text.startsWith('+') || text.replace(/[^0-9]/g, '').startsWith('00');
  const withoutTrunkZero = international ? text.replace(/\(\s*0\s*\)/g, '') : text;
  let digits = withoutTrunkZero.replace(/[^0-9]/g, '');
  if (text.startsWith('+')) {
    // digits already carry the country code
  } else if (digits.startsWith('00')) {
    digits = digits.slice(2);
  } else if (digits.startsWith('0')) {
    digits = rule.callingCode + digits.slice(1);
  } else if (digits.length === rule.nationalLength) {
    digits = rule.callingCode + digits;
  }
  if (digits.length < MIN_DIGITS) {
    return {
      ok: false,
      reason: `unparseable phone: "${text}" has fewer than ${MIN_DIGITS} digits`
    };
  }
  if (digits.length > MAX_DIGITS) {
    return { ok: false, reason: `unparseable phone: "${text}" has more than ${MAX_DIGITS} digits` };
  }
  return { ok: true, key: digits };
}
