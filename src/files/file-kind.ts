// What a file is, from its leading bytes: names and declared types are whatever the sender says.

export interface FileKind {
  mimeType: string;
  label: string;
}

const startsWith = (bytes: Uint8Array, signature: number[], at = 0) => signature.every((b, i) => bytes[at + i] === b);
const ascii = (text: string) => Array.from(text, (c) => c.charCodeAt(0));

const IMAGES: [number[], number, FileKind][] = [
  [[0xff, 0xd8, 0xff], 0, { mimeType: 'image/jpeg', label: 'JPEG' }],
  [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 0, { mimeType: 'image/png', label: 'PNG' }],
  [ascii('GIF87a'), 0, { mimeType: 'image/gif', label: 'GIF' }],
  [ascii('GIF89a'), 0, { mimeType: 'image/gif', label: 'GIF' }],
];

/** Leading bytes needed to tell every accepted kind apart. */
export const SNIFF_BYTES = 16;

export function imageKind(bytes: Uint8Array): FileKind | undefined {
  for (const [signature, at, kind] of IMAGES) if (startsWith(bytes, signature, at)) return kind;
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return { mimeType: 'image/webp', label: 'WebP' };
  return undefined;
}

const OFFICE_BY_EXTENSION: Record<string, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  hwpx: 'application/hwp+zip',
};
const COMPOUND_BY_EXTENSION: Record<string, string> = {
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  hwp: 'application/x-hwp',
};

/**
 * A contract document's kind: PDF, JPEG/PNG/GIF/WebP, ZIP-based Office (DOCX/XLSX/…), or the OLE compound format
 * (DOC, and HWP 5, which share the same container). The name only picks among formats the bytes allow.
 */
export function documentKind(bytes: Uint8Array, fileName: string): FileKind | undefined {
  const extension = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
  if (startsWith(bytes, ascii('%PDF-'))) return { mimeType: 'application/pdf', label: 'PDF' };
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    return { mimeType: OFFICE_BY_EXTENSION[extension] ?? OFFICE_BY_EXTENSION.docx!, label: 'Office (ZIP)' };
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    return { mimeType: COMPOUND_BY_EXTENSION[extension] ?? 'application/x-hwp', label: 'DOC/HWP' };
  }
  return imageKind(bytes);
}
