/** Message handlers for exports (issue 16), spread into the background's handler table. */
import type { PackInfo } from '../../src/index';
import type { Handlers } from '../shared/protocol';
import type { StorageAreaLike } from '../shared/storage';
import { readExportConfig, readManaged, writeUserRecipients, type ManagedReader } from './export-config';
import { AuditSender, ExportLog, recordFromNotice } from './export-log';

export interface ExportHandlerDeps {
  local: StorageAreaLike;
  /** The packs in force, for the record (ids, versions, signer key ids). */
  packs: () => Promise<PackInfo[]>;
  managed?: ManagedReader;
  audit?: AuditSender;
  version?: string;
}

const manifestVersion = (): string => {
  try {
    return chrome.runtime.getManifest().version;
  } catch {
    return '0.0.0';
  }
};

export function createExportHandlers(deps: ExportHandlerDeps) {
  const managed = deps.managed ?? readManaged;
  const log = new ExportLog(deps.local);
  const audit = deps.audit ?? new AuditSender();
  const config = () => readExportConfig(deps.local, managed);
  return {
    'export:config': config,
    'export:setRecipients': async ({ recipients }) => {
      await writeUserRecipients(deps.local, recipients);
      return config();
    },
    'export:record': async (notice) => {
      const tool = { name: 'HAR Redactor', version: deps.version ?? manifestVersion() };
      const record = recordFromNotice(notice, await deps.packs(), tool);
      await log.append(record);
      const { auditLogUrl } = await config();
      if (auditLogUrl) audit.enqueue(auditLogUrl, record);
      return record;
    },
    'export:log': async () => ({ records: await log.read(), audit: audit.status() }),
  } satisfies Pick<Handlers, 'export:config' | 'export:setRecipients' | 'export:record' | 'export:log'>;
}
