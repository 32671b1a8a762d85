/** Which kinds of personal data to replace, and with what. */
export interface RedactPiiOptions {
  emails: boolean;
  phones: boolean;
  emailPlaceholder: string;
  phonePlaceholder: string;
}

/** How many of each kind were replaced. */
export interface RedactionCounts {
  emails: number;
  phones: number;
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;

/**
 * Phone numbers in the forms people write them: international (`+47 912 34 567`,
 * `+1 (555) 123-4567`), North American (`(555) 123-4567`, `555-123-4567`) and national with a
 * leading zero (`030 1234 5678`, `06-12345678`). A heuristic: an unbroken run of digits (an order
 * number, a timestamp) is kept, and so are dates and IPv4 addresses, which these forms never match.
 */
const PHONE = new RegExp(
  [
    String.raw`\+\d{1,3}(?:[ .-]?\(\d{1,4}\))?(?:[ .-]?\d{1,5}){2,5}(?!\d)`,
    String.raw`\(\d{3}\) ?\d{3}[-. ]\d{4}(?!\d)`,
    String.raw`(?<![\d.-])\d{3}[-.]\d{3}[-.]\d{4}(?![\d.-])`,
    String.raw`(?<![\d.-])0\d{1,4}[ /-]\d{2,8}(?:[ -]\d{2,8}){0,3}(?![\d.-])`,
  ].join("|"),
  "g",
);

/** Phone numbers have 7 to 15 digits (ITU-T E.164); shorter or longer matches are something else. */
function isPhoneLength(match: string): boolean {
  const digits = match.replace(/\D/g, "").length;
  return digits >= 7 && digits <= 15;
}

/** Replaces e-mail addresses and phone numbers in one text. Pure: the same text gives the same result. */
export function redactPiiText(
  text: string,
  options: RedactPiiOptions,
  counts: RedactionCounts = { emails: 0, phones: 0 },
): string {
  let result = text;
  if (options.emails) {
    result = result.replace(EMAIL, () => {
      counts.emails += 1;
      return options.emailPlaceholder;
    });
  }
  if (options.phones) {
    result = result.replace(PHONE, (match) => {
      if (!isPhoneLength(match)) return match;
      counts.phones += 1;
      return options.phonePlaceholder;
    });
  }
  return result;
}
