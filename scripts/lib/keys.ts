import { phoneKey } from './phone.js';

/**
 * Sender and conversation keys of SPEC §5. A sender id that is a phone number is keyed like
 * any phone; an alphanumeric sender id by its trimmed, lower-cased text.
 */
export function senderKey(senderId: string, defaultCountry = 'US'): string {
  const trimmed = senderId.trim();
  if (/[0-9]/.test(trimmed) && !/[A-Za-z]/.test(trimmed)) {
    const result = phoneKey(trimmed, defaultCountry);
    if (result.ok) return result.key;
  }
  return trimmed.toLowerCase();
}

/**
 * The conversation key: sender key and recipient key. The single place that knows the
 * format, which must equal the Apex ConversationKeys format.
 */
export function conversationKey(senderKeyValue: string, recipientKey: string): string {
  return `${senderKeyValue}|${recipientKey}`;
}

/** Characters of the last message kept in `Last_Message_Preview__c`. */
export const PREVIEW_LENGTH = 100;

export function previewOf(text: string | null | undefined): string {
  const value = text ?? '';
  if (value.length <= PREVIEW_LENGTH) return value;
  // never cut a surrogate pair in half
  const end = /[\uD800-\uDBFF]/.test(value[PREVIEW_LENGTH - 1] ?? '')
    ? PREVIEW_LENGTH - 1
    : PREVIEW_LENGTH;
  return value.slice(0, end);
}
