/**
 * What a file is, by its first bytes (its "magic number"), never by its name or the browser's Content-Type:
 * both are whatever the sender says. Only the three types the one-stop desk can open and print are taken.
 */
export const ATTACHMENT_MEDIA_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type AttachmentMediaType = (typeof ATTACHMENT_MEDIA_TYPES)[number];

/** How many first bytes decide the type (PNG's signature is the longest). */
export const SNIFF_BYTES = 8;

const SIGNATURES: ReadonlyArray<{ type: AttachmentMediaType; bytes: readonly number[] }> = [
  { type: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
];

export function detectMediaType(head: Uint8Array): AttachmentMediaType | undefined {
  return SIGNATURES.find(({ bytes }) => bytes.every((byte, index) => head[index] === byte))?.type;
}

export const EXTENSION_OF: Readonly<Record<AttachmentMediaType, string>> = {
  'application/pdf': '.pdf',
  'image/jpeg': '.jpg',
  'image/png': '.png',
};

/**
 * The name an officer downloads the file under: the citizen's name without path or control characters, with
 * the extension of what the file really is (a photo named "to-khai.pdf" downloads as "to-khai.png").
 */
export function downloadName(name: string, mediaType: AttachmentMediaType): string {
  const base = name
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f"\\/]/g, '_')
    .replace(/\.(pdf|jpe?g|png)$/i, '')
    .slice(0, 150);
  return `${base || 'tep'}${EXTENSION_OF[mediaType]}`;
}
