/**
 * Cuts text to at most `maxLength` characters (code points, so no emoji is split in half) and says
 * so in a visible marker, so the model and the reader know the file was longer.
 */
export function truncateAttachmentText(text: string, maxLength: number): string {
  const characters = Array.from(text);
  if (characters.length <= maxLength) return text;
  const kept = characters.slice(0, Math.max(0, maxLength)).join("");
  return `${kept}\n[... truncated: showed ${Math.max(0, maxLength)} of ${characters.length} characters]`;
}
