/** FIN-2 verification documents: what may be uploaded (decision 0028). */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

/** The media types a scanned or photographed document comes as, and the bytes each starts with. */
const signatures: Record<string, (bytes: Buffer) => boolean> = {
  'application/pdf': (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
  'image/jpeg': (b) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/tiff': (b) => ['II*\u0000', 'MM\u0000*'].includes(b.subarray(0, 4).toString('latin1')),
};

export const documentContentTypes = Object.keys(signatures);

/** Why a file cannot be a verification document of that content type, or undefined when it can. */
export function documentRefusal(contentType: string, content: Buffer): string | undefined {
  const matches = signatures[contentType];
  if (!matches) return `a verification document is one of ${documentContentTypes.join(', ')}`;
  if (content.length === 0) return 'the file is empty';
  if (!matches(content)) return `the file is not a ${contentType} (its first bytes say otherwise)`;
  return undefined;
}
