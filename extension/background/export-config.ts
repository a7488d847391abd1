/**
 * Who exports are encrypted to and where they may go: policy (`encryptTo`, `requireEncryption`,
 * `uploadUrl`, `auditLogUrl`), a signed team pack's `recipients`, and the user's own recipients.
 */
import { parseRecipient, uniqueRecipients, type AgeRecipient } from '../../src/export/recipients';
import type { StorageAreaLike } from '../shared/storage';
import type { ExportConfig, ExportRecipient } from '../shared/export-types';
import { readStoredPack } from './rules/team-store';
import { checkTeamUrl } from './rules/team-url';

export const USER_RECIPIENTS_KEY = 'export.recipients';

export interface ExportPolicy {
  encryptTo?: string[];
  requireEncryption?: boolean;
  auditLogUrl?: string;
  uploadUrl?: string;
}

/** The policy's export fields; a value of the wrong type counts as not set (as in rules/policy.ts). */
export function normalizeExportPolicy(raw: unknown): ExportPolicy {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return {};
  const r = raw as Record<string, unknown>;
  const p: ExportPolicy = {};
  if (Array.isArray(r.encryptTo)) p.encryptTo = r.encryptTo.filter((x): x is string => typeof x === 'string');
  if (typeof r.requireEncryption === 'boolean') p.requireEncryption = r.requireEncryption;
  // HTTPS, or plain HTTP to this machine only (as for the team URL).
  for (const k of ['auditLogUrl', 'uploadUrl'] as const) {
    const v = r[k];
    if (typeof v === 'string' && v.trim() && checkTeamUrl(v.trim()).ok) p[k] = v.trim();
  }
  return p;
}

export type ManagedReader = () => Promise<unknown>;

/** `chrome.storage.managed`, or nothing where there is no such store (Firefox without a manifest). */
export const readManaged: ManagedReader = async () => {
  try {
    return typeof chrome !== 'undefined' && chrome.storage?.managed
      ? await chrome.storage.managed.get(null)
      : {};
  } catch {
    return {};
  }
};

function cleanUserList(raw: unknown): AgeRecipient[] {
  if (!Array.isArray(raw)) return [];
  const out: AgeRecipient[] = [];
  for (const r of raw as { key?: unknown; label?: unknown }[]) {
    if (!r || typeof r.key !== 'string') continue;
    try {
      out.push({
        key: parseRecipient(r.key),
        ...(typeof r.label === 'string' && r.label ? { label: r.label } : {}),
      });
    } catch {
      // written by hand or by an older build: not a recipient, not in force
    }
  }
  return out;
}

export async function readUserRecipients(local: StorageAreaLike): Promise<AgeRecipient[]> {
  return cleanUserList((await local.get(USER_RECIPIENTS_KEY))[USER_RECIPIENTS_KEY]);
}

/** Saves the user's list; throws one line for the first recipient that is not one. */
export async function writeUserRecipients(local: StorageAreaLike, list: AgeRecipient[]): Promise<void> {
  const checked = list.map((r) => ({
    key: parseRecipient(r.key),
    ...(r.label?.trim() ? { label: r.label.trim().slice(0, 80) } : {}),
  }));
  await local.set({ [USER_RECIPIENTS_KEY]: uniqueRecipients(checked) });
}

/**
 * The configuration in force. A team pack's recipients count only when the pack was signed by a trusted
 * key (an unsigned pack from a URL could otherwise send every export to whoever controls that URL).
 */
export async function readExportConfig(
  local: StorageAreaLike,
  managed: ManagedReader,
): Promise<ExportConfig> {
  const policy = normalizeExportPolicy(await managed());
  const problems: string[] = [];
  const list: ExportRecipient[] = [];
  for (const key of policy.encryptTo ?? []) {
    try {
      list.push({ key: parseRecipient(key), label: 'Policy', from: 'policy' });
    } catch (err) {
      problems.push(`Policy encryptTo: ${(err as Error).message}.`);
    }
  }
  const team = await readStoredPack(local);
  if (team?.keyId && Array.isArray(team.pack.recipients)) {
    for (const key of team.pack.recipients) {
      try {
        list.push({ key: parseRecipient(key), label: `Team pack ${team.pack.id}`, from: 'team' });
      } catch {
        // the validator refused such a pack already
      }
    }
  }
  const userRecipients = await readUserRecipients(local);
  for (const r of userRecipients) list.push({ ...r, from: 'user' });
  return {
    recipients: uniqueRecipients(list),
    required: policy.requireEncryption === true,
    userRecipients,
    ...(policy.uploadUrl ? { uploadUrl: policy.uploadUrl } : {}),
    ...(policy.auditLogUrl ? { auditLogUrl: policy.auditLogUrl } : {}),
    problems,
  };
}
