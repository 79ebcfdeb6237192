/** The default status map of SPEC §5: raw `deliveryStatus__c` (case-insensitive) → `Status__c`. */
export type MessageStatus = 'Delivered' | 'Undelivered' | 'Failed' | 'Sent' | 'Queued' | 'Unknown';

export const DEFAULT_STATUS_MAP: Readonly<Record<string, Exclude<MessageStatus, 'Unknown'>>> = {
  DELIVRD: 'Delivered',
  Delivered: 'Delivered',
  UNDELIV: 'Undelivered',
  Undelivered: 'Undelivered',
  FAILED: 'Failed',
  Failed: 'Failed',
  REJECTD: 'Failed',
  EXPIRED: 'Failed',
  SENT: 'Sent',
  Sent: 'Sent',
  ENROUTE: 'Sent',
  ACCEPTD: 'Sent',
  queued: 'Queued',
  Queued: 'Queued',
  Pending: 'Queued'
};

const BY_LOWER = new Map<string, MessageStatus>(
  Object.entries(DEFAULT_STATUS_MAP).map(([raw, status]) => [raw.toLowerCase(), status])
);

/** An empty or unknown code maps to Unknown. */
export function normalizeStatus(raw: string | null | undefined): MessageStatus {
  const code = (raw ?? '').trim().toLowerCase();
  return BY_LOWER.get(code) ?? 'Unknown';
}
