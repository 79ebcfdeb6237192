import { phoneKey } from './phone.js';

/**
 * Sender and conversation keys of SPEC §5. A sender id that is a phone number is keyed like
 * any phone; an alphanumeric sender id by its trimmed, lower-cased text.
 */
export function senderKey(senderId: string, defaultCountry = 'US'): string {
  const result = phoneKey(senderId, defaultCountry);
  return result.ok ? result.key : senderId.trim().toLowerCase();
}

/**
 * The conversation key: sender key and recipient key. The single place that knows the
 * format, which must equal the Apex ConversationKeys format.
 */
export function conversationKey(senderKeyValue: string, recipientKey: string): string {
  return `${senderKeyValue}|${recipientKey}`;
}

/** Characters of the last message kept in `Last_Message_Preview__c` (Apex ConversationMessage.PREVIEW_LENGTH). */
export const PREVIEW_LENGTH = 255;

/** Apex `text.abbreviate(255)`: longer texts keep 252 characters and get `...`. */
export function previewOf(text: string | null | undefined): string {
  const value = text ?? '';
  if (value.length <= PREVIEW_LENGTH) return value;
  return value.slice(0, PREVIEW_LENGTH - 3) + '...';
}
