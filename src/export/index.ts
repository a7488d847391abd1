export { parseRecipient, parseRecipientsFile, uniqueRecipients, RecipientError } from './recipients';
export type { AgeRecipient } from './recipients';
export { sealStream, sealParts, sealedName, utf8Slices } from './age';
export type { ByteSink, SealingStream, SealOptions } from './age';
export { sha256Hasher, digestParts } from './digest';
export type { Sha256Hasher } from './digest';
export { buildExportRecord, recordLine, loggableUrl, loggableName } from './record';
export type { ExportRecord, ExportFacts, ExportVia } from './record';
