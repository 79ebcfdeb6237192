import type { Prng } from './prng.js';

const FIRST = [
  'Ava',
  'Liam',
  'Maya',
  'Noah',
  'Zoë',
  'Ethan',
  'Priya',
  'Lucas',
  'Sofia',
  'Omar',
  'Hannah',
  'Mateo',
  'Chloé',
  'Kenji',
  'Fatima',
  'Oliver',
  'Grace',
  'Diego',
  'Amara',
  'Jack',
  'Siobhán',
  'Wei',
  'Lena',
  'Samuel'
];
const LAST = [
  'Smith',
  'García',
  'Nguyen',
  'Patel',
  "O'Brien",
  'Müller',
  'Johnson',
  'Kim',
  'Rossi',
  'Okafor',
  'Brown',
  'Silva',
  'Cohen',
  'Taylor',
  'Novak',
  'Haddad',
  'Walker',
  'Jensen',
  'Moreau',
  'Ito'
];
const COMPANY = [
  'Northwind',
  'Contoso',
  'Globex',
  'Initech',
  'Umbrella',
  'Stark',
  'Wayne',
  'Acme',
  'Hooli',
  'Vandelay',
  'Soylent',
  'Tyrell'
];
const COMPANY_SUFFIX = ['Inc.', 'LLC', 'Ltd', 'Group', 'Partners', 'Health', 'Motors', 'Realty'];

const OPENERS = ['Hi', 'Hello', 'Hey', 'Good morning', 'Dear customer,', 'Reminder:', 'FYI'];
const BODIES = [
  'your appointment is confirmed for {day} at {time}',
  'your order #{num} has shipped',
  'reply YES to confirm, NO to cancel',
  'we tried to reach you today, please call back',
  'your code is {num}',
  'thanks for your payment of ${amount}',
  'the technician will arrive between {time} and {time2}',
  'can we move our call to {day}?',
  'sure, that works for me',
  'ok thanks',
  'STOP',
  'who is this?',
  'running 10 minutes late, sorry',
  'please see "Terms, Conditions" at example.com/t',
  'line one\nline two'
];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'tomorrow', '12/03'];
const EMOJI = ['😀', '👍', '🎉', '❤️', '🙏', '📅', '🚗', '✅', '😂', '👋🏽'];

export function firstName(prng: Prng): string {
  return prng.pick(FIRST);
}
export function lastName(prng: Prng): string {
  return prng.pick(LAST);
}
export function companyName(prng: Prng, index: number): string {
  return `${prng.pick(COMPANY)} ${prng.pick(COMPANY_SUFFIX)} ${index}`;
}

function fill(template: string, prng: Prng): string {
  return template
    .replace('{day}', prng.pick(DAYS))
    .replace('{time}', `${prng.int(8, 11)}:${prng.pick(['00', '15', '30', '45'])} am`)
    .replace('{time2}', `${prng.int(1, 5)}:${prng.pick(['00', '30'])} pm`)
    .replace('{num}', String(prng.int(1000, 999999)))
    .replace('{amount}', `${prng.int(5, 900)}.${String(prng.int(0, 99)).padStart(2, '0')}`);
}

export const LONG_TEXT_LENGTH = 1600;

/**
 * A pool of message texts: ordinary ones, some with emoji (UCS-2), a few empty, a few
 * of 1,600 characters. Picking from a pool keeps generation fast and its CSV escaping cached.
 */
export function buildTextPool(prng: Prng, size: number): string[] {
  const pool: string[] = [];
  for (let i = 0; i < size; i++) {
    const roll = prng.next();
    if (roll < 0.02) {
      pool.push('');
    } else if (roll < 0.03) {
      let text = '';
      while (text.length < LONG_TEXT_LENGTH) text += fill(prng.pick(BODIES), prng) + '. ';
      pool.push(text.slice(0, LONG_TEXT_LENGTH));
    } else {
      let text = `${prng.pick(OPENERS)} ${prng.pick(FIRST)}, ${fill(prng.pick(BODIES), prng)}`;
      if (roll < 0.1) text += ' ' + prng.pick(EMOJI) + (prng.chance(0.5) ? prng.pick(EMOJI) : '');
      pool.push(text);
    }
  }
  return pool;
}
