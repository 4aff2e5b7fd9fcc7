/** GSM 03.38 basic character set (one septet each). */
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** GSM 03.38 extension table (escape + septet: two each). */
const GSM_EXTENDED = '^{}\\[~]|€\f';

/** How an SMS text is encoded and how many parts it takes. */
export interface SmsSize {
  encoding: 'gsm7' | 'ucs2';
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  units: number;
  segments: number;
}

/**
 * GSM-7 when every character is in the GSM 03.38 tables (extension characters count twice): 160 in one part, 153
 * per part beyond; otherwise UCS-2: 70 in one part, 67 per part beyond. `unicode: true` forces UCS-2.
 */
export function smsSize(content: string, unicode = false): SmsSize {
  let septets = 0;
  let gsm = !unicode;
  if (gsm) {
    for (const ch of content) {
      if (GSM_BASIC.includes(ch)) septets += 1;
      else if (GSM_EXTENDED.includes(ch)) septets += 2;
      else {
        gsm = false;
        break;
      }
    }
  }
  if (gsm) return { encoding: 'gsm7', units: septets, segments: septets <= 160 ? 1 : Math.ceil(septets / 153) };
  const units = content.length;
  return { encoding: 'ucs2', units, segments: units <= 70 ? 1 : Math.ceil(units / 67) };
}
