/** GSM 03.38 basic character set (one septet each). */
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** GSM 03.38 extension table: escape + septet, two septets each. */
const GSM_EXTENDED = '^{}\\[~]|€\f';

/** The longest SMS `Content` MailUp takes, characters (REFERENCE §8.2). */
export const SMS_MAX_CHARACTERS = 670;

/** How an SMS text is encoded and how many parts (and credits) it takes. */
export interface SmsSegments {
  encoding: 'gsm7' | 'ucs2';
  /** Septets (GSM-7, extension characters count 2) or UTF-16 code units (UCS-2). */
  units: number;
  /** 160 / 153 per part in GSM-7, 70 / 67 in UCS-2. */
  segments: number;
  /** Characters (code points), what the 670 limit counts. */
  characters: number;
}

/**
 * The segment rules: GSM-7 when every character is in the GSM 03.38 tables (160 in one part, 153 per part beyond;
 * `^{}\[~]|€` count twice), otherwise UCS-2 (70 in one part, 67 per part beyond). `unicode: true` forces UCS-2.
 *
 * @example
 * ```ts
 * smsSegments('Hi [Name]!'); // { encoding: 'gsm7', units: 10, segments: 1, characters: 10 }
 * smsSegments('Ciao 😀');     // { encoding: 'ucs2', units: 7, segments: 1, characters: 6 }
 * ```
 */
export function smsSegments(content: string, unicode = false): SmsSegments {
  const characters = [...content].length;
  if (!unicode) {
    let septets = 0;
    let gsm = true;
    for (const ch of content) {
      if (GSM_BASIC.includes(ch)) septets += 1;
      else if (GSM_EXTENDED.includes(ch)) septets += 2;
      else {
        gsm = false;
        break;
      }
    }
    if (gsm) {
      return { encoding: 'gsm7', units: septets, segments: septets <= 160 ? 1 : Math.ceil(septets / 153), characters };
    }
  }
  const units = content.length;
  return { encoding: 'ucs2', units, segments: units <= 70 ? 1 : Math.ceil(units / 67), characters };
}
